package dev.quicregistry.benchmarks;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A server that really binds a UDP socket and speaks no protocol: the container-start benchmark
 * measures what the extension adds per server (configuration, bind, registration), not QUIC.
 */
public final class UdpServer implements QuicServer {

    private final Termination termination = new Termination();
    private volatile DatagramChannel channel;

    @Override
    public void start(ServerSettings settings) throws IOException {
        DatagramChannel opened = DatagramChannel.open();
        try {
            opened.bind(new InetSocketAddress(settings.host(), settings.port()));
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        channel = opened;
    }

    @Override
    public int boundPort() {
        return localAddress().map(InetSocketAddress::getPort).orElse(0);
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        DatagramChannel bound = channel;
        try {
            return bound == null || !bound.isOpen() ? Optional.empty()
                    : Optional.ofNullable((InetSocketAddress) bound.getLocalAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        DatagramChannel bound = channel;
        try {
            if (bound != null) {
                bound.close();
            }
        } catch (IOException e) {
            termination.fail(e);
            return;
        }
        termination.complete();
    }
}
