package dev.quicregistry.netty.client;

import dev.quicregistry.support.Arguments;
import dev.quicregistry.reconnect.DaemonScheduler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Threads that many {@link ReconnectingQuicClient}s share ({@link ReconnectingQuicClient.Builder#threads}):
 * Netty event loops for their sockets and one callback thread on which every client's reconnector,
 * state listeners and registry events run. A client on its own has one of each; a thousand clients
 * sharing one of these cost its threads, not two thousand. Its owner closes it after the clients.
 */
public final class QuicClientThreads implements AutoCloseable {

    private final EventLoopGroup eventLoops;
    private final DaemonScheduler callbacks;

    private QuicClientThreads(String name, int eventLoops) {
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

    /** Stops the threads, waiting up to five seconds; close the clients first. */
    @Override
    public void close() {
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        callbacks.shutdown(Duration.ofSeconds(5));
    }
}
