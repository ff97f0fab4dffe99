package dev.quicregistry.api;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** A server that does nothing but count its closes: the values hold a reference to one, the defaults call it. */
final class InertServer implements QuicServer {

    final AtomicInteger closes = new AtomicInteger();
    private final Termination termination = new Termination();

    @Override
    public void start(ServerSettings settings) {
    }

    @Override
    public int boundPort() {
        return 0;
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
        closes.incrementAndGet();
        termination.complete();
    }
}
