package dev.quicregistry.testing;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server double for tests of what starts servers (an extension, a benchmark): it really binds a UDP
 * {@link DatagramChannel}, so port 0, port clashes and the release of a port are real; it can be
 * told to fail its start or to die. It refuses to bind anything but a loopback address.
 */
public class UdpTestServer implements QuicServer {

    private final Termination termination = new Termination();
    private final AtomicReference<DatagramChannel> channel = new AtomicReference<>();
    private volatile ServerSettings settings;
    private volatile Throwable startFailure;
    private volatile boolean started;

    /** Makes the next start() fail with {@code failure} after binding (so the failing start must release its port). */
    public UdpTestServer failStartWith(IOException failure) {
        this.startFailure = failure;
        return this;
    }

    /** Makes the next start() throw {@code failure} (an {@code Error}, e.g. a LinkageError) after binding. */
    public UdpTestServer failStartWith(Error failure) {
        this.startFailure = failure;
        return this;
    }

    /** The settings start() was called with; empty before. */
    public Optional<ServerSettings> settings() {
        return Optional.ofNullable(settings);
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isTerminated() {
        return termination.isDone();
    }

    /** Dies as a transport would on a fatal error: releases its port and fails its termination. */
    public void die(Throwable cause) {
        release();
        termination.fail(cause);
    }

    @Override
    public void start(ServerSettings settings) throws IOException {
        if (started) {
            throw new IllegalStateException("start() called twice");
        }
        started = true;
        this.settings = settings;
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("tests bind loopback only, not " + settings.host());
        }
        DatagramChannel bound = DatagramChannel.open();
        try {
            bound.bind(new InetSocketAddress(address, settings.port()));
        } catch (IOException | RuntimeException e) {
            bound.close();
            throw e;
        }
        channel.set(bound);
        Throwable failure = startFailure;
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    @Override
    public int boundPort() {
        return localAddress().map(InetSocketAddress::getPort).orElse(0);
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        DatagramChannel bound = channel.get();
        if (bound == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((InetSocketAddress) bound.getLocalAddress());
        } catch (IOException closed) {
            return Optional.empty();
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
        release();
        termination.complete();
        try {
            if (!termination.awaitSettled(Duration.ofSeconds(10))) {
                throw new IllegalStateException("termination did not settle within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void release() {
        DatagramChannel bound = channel.getAndSet(null);
        if (bound != null) {
            try {
                bound.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
