package dev.quicregistry.netty.client;

import dev.quicregistry.support.Arguments;
import dev.quicregistry.reconnect.DaemonScheduler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Threads that many {@link ReconnectingQuicClient}s share ({@link ReconnectingQuicClient.Builder#threads}):
 * Netty event loops for their sockets and one callback thread on which every client's reconnector,
 * state listeners and registry events run. A client on its own has one of each; a thousand clients
 * sharing one of these cost its threads, not two thousand. Closing it closes the clients that still
 * use it first, so their connections end with a CONNECTION_CLOSE before the threads stop. Closed from
 * code that runs on these threads (a state listener, a stream handler), it returns at once and
 * finishes on a thread of its own: there nothing can finish closing before the caller returns.
 *
 * <p>Invariant: {@code clients} holds the clients built on these threads and not closed yet (each
 * adds itself once built and removes itself when closed): a client built and never closed is kept
 * until these threads close, so close every client you build.
 */
public final class QuicClientThreads implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(QuicClientThreads.class.getName());

    private final String name;
    private final EventLoopGroup eventLoops;
    private final DaemonScheduler callbacks;
    private final Set<ReconnectingQuicClient> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Whether a close called on these threads has started the one thread that finishes it. */
    private final AtomicBoolean closerStarted = new AtomicBoolean();

    private QuicClientThreads(String name, int eventLoops) {
        this.name = name;
        this.eventLoops = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory(name, true),
                NioIoHandler.newFactory());
        this.callbacks = new DaemonScheduler(name + "-callbacks");
    }

    /** {@code eventLoops} event-loop threads and one callback thread, named after {@code name}. */
    public static QuicClientThreads create(String name, int eventLoops) {
        Arguments.notNull(name, "name");
        Arguments.atLeast(eventLoops, 1, "eventLoops");
        return new QuicClientThreads(name, eventLoops);
    }

    EventLoopGroup eventLoops() {
        return eventLoops;
    }

    DaemonScheduler callbacks() {
        return callbacks;
    }

    /** Throws where these threads are closed: no client can be built on them. */
    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the QUIC client threads '" + name + "' are closed: build clients on threads not closed yet");
        }
    }

    /** How many clients use these threads and are not closed (for tests). */
    int clientsOpen() {
        return clients.size();
    }

    /** A client built on these threads: closed with them, unless it is closed first. */
    void attach(ReconnectingQuicClient client) {
        clients.add(client);
        if (closed) { // closed since build() checked: this client is closed here (close() may have closed it too)
            clients.remove(client);
            client.close();
            requireOpen();
        }
    }

    /** A client closed: nothing to close for it any more. */
    void detach(ReconnectingQuicClient client) {
        clients.remove(client);
    }

    /**
     * Closes the clients that still use these threads, one after another, each as its own
     * {@code close()} does (its connection ends with NO_ERROR, its id is unregistered; each waits at
     * most its {@code closeTimeout}), then stops the threads, waiting up to five seconds for each of
     * the event loops and the callback thread. Idempotent. Called on one of these threads, it
     * refuses new clients at once, does the rest on a thread named {@code <name>-closer}, and
     * returns without waiting: a wait there would hold the thread that the clients' last steps
     * and the loops' shutdown need.
     */
    @Override
    public void close() {
        closed = true; // volatile, then clients is read: a client attaching now sees it, or is closed here
        if (runsOn(eventLoops, callbacks)) {
            if (closerStarted.compareAndSet(false, true)) {
                Thread closer = new Thread(this::closeClientsThenThreads, name + "-closer");
                closer.setDaemon(false); // the connections' CONNECTION_CLOSE is sent even where the application ends meanwhile
                closer.start();
            }
            return;
        }
        closeClientsThenThreads();
    }

    /** Whether the calling thread is one of {@code eventLoops} or the {@code callbacks} thread: there nothing may wait for them. */
    static boolean runsOn(EventLoopGroup eventLoops, DaemonScheduler callbacks) {
        for (EventExecutor loop : eventLoops) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return callbacks.isCurrentThread();
    }

    private void closeClientsThenThreads() {
        try {
            for (ReconnectingQuicClient client : List.copyOf(clients)) {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, () -> "closing " + client + " with the QUIC client threads '" + name + "' failed", e);
                }
            }
        } finally {
            eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            callbacks.shutdown(Duration.ofSeconds(5));
        }
    }
}
