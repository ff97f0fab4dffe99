package dev.quicregistry.benchmarks;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.Termination;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A server that binds nothing and never stops: registry benchmarks measure the registry, not a transport. */
public final class InertServer implements QuicServer {

    private final Termination termination = new Termination();
    private final int port;

    /** A server that reports {@code port} as bound. */
    public InertServer(int port) {
        this.port = port;
    }

    @Override
    public void start(ServerSettings settings) {
    }

    @Override
    public int boundPort() {
        return port;
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        return Optional.empty();
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
    }
}
