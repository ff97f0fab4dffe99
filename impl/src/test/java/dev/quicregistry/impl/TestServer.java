package dev.quicregistry.impl;

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
 * A server double for registry tests (the registry's neighbour, not the thing under test): its
 * port, connections and death are set by the test; {@code close()} can complete termination on
 * another thread, as a transport's event loop does.
 */
public final class TestServer implements QuicServer {

    private final Termination termination = new Termination();
    private final List<QuicConnection> connections = new CopyOnWriteArrayList<>();
    private final ExecutorService closer;
    private volatile int boundPort;
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
    static TestServer named(String label) {
        return new TestServer(label, null);
    }

    /** A server whose close() completes termination on {@code eventLoop} and waits for it. */
    static TestServer closingOn(String label, ExecutorService eventLoop) {
        return new TestServer(label, eventLoop);
    }

    TestServer bindTo(int port) {
        this.boundPort = port;
        return this;
    }

    TestServer withConnection(QuicConnection connection) {
        connections.add(connection);
        return this;
    }

    /** Terminates normally, as if the server had stopped by itself. */
    void terminate() {
        termination.complete();
    }

    /** Terminates with a failure, as if the server had died. */
    void die(Throwable cause) {
        termination.fail(cause);
    }

    boolean isTerminated() {
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
        return boundPort == 0 ? Optional.empty() : Optional.of(new InetSocketAddress("127.0.0.1", boundPort));
    }

    @Override
    public List<QuicConnection> connections() {
        return connections;
    }

    /** How often termination() was called: each call may attach one more dependent to it. */
    int terminationCalls() {
        return terminationCalls.get();
    }

    @Override
    public CompletionStage<Void> termination() {
        terminationCalls.incrementAndGet();
        return termination.stage();
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
