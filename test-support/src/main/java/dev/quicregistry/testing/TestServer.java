package dev.quicregistry.testing;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.Termination;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server double for the tests of every module that has a registry as the thing under test (a
 * neighbour, not the thing tested): it binds nothing; its port, connections and death are set by the test; {@code close()} can complete termination on
 * another thread, as a transport's event loop does.
 */
public final class TestServer implements QuicServer {

    private final List<Duration> drains = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Runnable whileDraining = () -> { };

    private final Termination termination = new Termination();
    private final List<QuicConnection> connections = new CopyOnWriteArrayList<>();
    private final ExecutorService closer;
    private volatile int boundPort;
    /** The address localAddress() reports: on 127.0.0.1 unless the test names another (e.g. a wildcard). */
    private volatile InetSocketAddress address;
    private final String label;
    private final AtomicInteger terminationCalls = new AtomicInteger();

    private TestServer(String label, ExecutorService closer) {
        this.label = label;
        this.closer = closer;
    }

    /** A server reporting {@code port} as bound, whose close() completes termination on the calling thread. */
    public static TestServer bound(int port) {
        return named("port " + port).bindTo(port);
    }

    /** A server whose close() completes termination on the calling thread. */
    public static TestServer named(String label) {
        return new TestServer(label, null);
    }

    /** A server whose close() completes termination on {@code eventLoop} and waits for it. */
    public static TestServer closingOn(String label, ExecutorService eventLoop) {
        return new TestServer(label, eventLoop);
    }

    /** A server reporting {@code address} as its listener (any address: it binds nothing), or none when null. */
    public static TestServer boundAt(InetSocketAddress address) {
        TestServer server = named(String.valueOf(address));
        server.address = address;
        server.boundPort = address == null ? 0 : address.getPort();
        return server;
    }

    public TestServer bindTo(int port) {
        this.boundPort = port;
        return this;
    }

    public TestServer withConnection(QuicConnection connection) {
        connections.add(connection);
        return this;
    }

    /** Terminates normally, as if the server had stopped by itself. */
    public void terminate() {
        termination.complete();
    }

    /** Terminates with a failure, as if the server had died. */
    public void die(Throwable cause) {
        termination.fail(cause);
    }

    public boolean isTerminated() {
        return termination.isDone();
    }

    @Override
    public void start(ServerSettings settings) {
        boundPort = settings.port();
    }

    @Override
    public int boundPort() {
        return boundPort;
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        InetSocketAddress named = address;
        if (named != null) {
            return boundPort == 0 ? Optional.empty() : Optional.of(named);
        }
        return boundPort == 0 ? Optional.empty() : Optional.of(new InetSocketAddress("127.0.0.1", boundPort));
    }

    @Override
    public List<QuicConnection> connections() {
        return connections;
    }

    /** How often termination() was called: each call may attach one more dependent to it. */
    public int terminationCalls() {
        return terminationCalls.get();
    }

    @Override
    public CompletionStage<Void> termination() {
        terminationCalls.incrementAndGet();
        return termination.stage();
    }

    /**
     * What {@link #drain} does before it closes: a test looks at the world while the server
     * drains (its entry draining, its endpoint withdrawn). Default: nothing.
     */
    public TestServer whileDraining(Runnable action) {
        this.whileDraining = java.util.Objects.requireNonNull(action, "action must not be null");
        return this;
    }

    /** The graces {@link #drain} was called with, in order. */
    public List<Duration> drains() {
        return List.copyOf(drains);
    }

    /** Records the grace, runs {@link #whileDraining}'s action, then closes. */
    @Override
    public void drain(Duration grace) {
        drains.add(dev.quicregistry.support.Arguments.notNegative(grace, "grace"));
        whileDraining.run();
        close();
    }

    @Override
    public void close() {
        boundPort = 0;
        if (closer == null) {
            termination.complete();
            return;
        }
        closer.execute(termination::complete);
        try {
            if (!termination.awaitSettled(Duration.ofSeconds(10))) {
                throw new IllegalStateException(new TimeoutException("termination of " + label + " did not settle"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TestServer[" + label + "]";
    }
}
