package dev.quicregistry.osgitests.probe;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.Termination;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A {@link QuicServer} double for the whiteboard tests (the whiteboard's neighbour, not the thing
 * under test): it claims a port without binding one, and terminates through {@link Termination}
 * when closed. It lives in the probe bundle, so it implements the api bundle's interface.
 */
public final class FakeQuicServer implements QuicServer {

    private final Termination termination = new Termination();
    private final int port;

    /** A server that reports {@code port} as its bound port. */
    public FakeQuicServer(int port) {
        this.port = port;
    }

    @Override
    public void start(ServerSettings settings) {
        // nothing to bind: the whiteboard registers servers, it does not start them
    }

    @Override
    public int boundPort() {
        return termination.isDone() ? 0 : port;
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        return boundPort() == 0 ? Optional.empty() : Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    @Override
    public List<QuicConnection> connections() {
        return List.of();
    }

    @Override
    public CompletionStage<Void> termination() {
        return termination.stage();
    }

    @Override
    public void close() {
        termination.complete();
        try {
            if (!termination.awaitSettled(Duration.ofSeconds(5))) {
                throw new IllegalStateException("termination did not settle within 5 s");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FakeQuicServer:" + port;
    }
}
