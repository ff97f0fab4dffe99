package dev.quicregistry.netty.client;

import dev.quicregistry.support.Arguments;
import dev.quicregistry.reconnect.DaemonScheduler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Threads that many {@link ReconnectingQuicClient}s share ({@link ReconnectingQuicClient.Builder#threads}):
 * Netty event loops for their sockets and one callback thread on which every client's reconnector,
 * state listeners and registry events run. A client on its own has one of each; a thousand clients
 * sharing one of these cost its threads, not two thousand. Closing it closes the clients that still
 * use it first, so their connections end with a CONNECTION_CLOSE before the threads stop.
 *
 * <p>Invariant: {@code clients} holds the clients built on these threads and not closed yet (each
 * adds itself once built and removes itself when closed), so it is bounded by the clients alive.
 */
public final class QuicClientThreads implements AutoCloseable {

    private final String name;
    private final EventLoopGroup eventLoops;
    private final DaemonScheduler callbacks;
    private final Set<ReconnectingQuicClient> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

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

    /** A client built on these threads: closed with them, unless it is closed first. */
    void attach(ReconnectingQuicClient client) {
        clients.add(client);
        if (closed) {
            clients.remove(client);
            client.close();
            throw new IllegalStateException("the QUIC client threads '" + name + "' are closed: build clients on threads not closed yet");
        }
    }

    /** A client closed: nothing to close for it any more. */
    void detach(ReconnectingQuicClient client) {
        clients.remove(client);
    }

    /**
     * Closes the clients that still use these threads (each as its own {@code close()} does, so
     * each connection ends with NO_ERROR and its id is unregistered), then stops the threads,
     * waiting up to five seconds. Idempotent.
     */
    @Override
    public void close() {
        closed = true; // volatile, then clients is read: a client attaching now sees it, or is closed here
        for (ReconnectingQuicClient client : List.copyOf(clients)) {
            client.close();
        }
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        callbacks.shutdown(Duration.ofSeconds(5));
    }
}
