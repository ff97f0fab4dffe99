package dev.quicregistry.netty.server;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.Termination;
import dev.quicregistry.netty.internal.StreamInitializer;
import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.Durations;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.quicregistry.netty.QuicErrorCodes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A QUIC server on Netty's QUIC codec that the registry can name, configure and find: one UDP
 * socket, served by one event-loop thread of its own, that hands every QUIC stream to the
 * application's stream handler. Built with {@link #builder()}; each builder value can be
 * overridden per start by an option of {@link ServerSettings#options()} (keys in {@link ServerOptions}).
 *
 * <p>Secure by default: it starts only with a certificate ({@link Builder#certificate} or the
 * options {@code cert} and {@code key}) or with an explicit {@code self-signed=true}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code start} and the first {@code close} run under the {@code lifecycle} monitor, so a close
 *       never sees half a start; later calls of {@code close} do not take it (a termination dependent
 *       may call {@code close} while the first one waits for that termination).</li>
 *   <li>{@code running} is written once, after the socket is bound; reads take no lock.</li>
 *   <li>Termination has one path but for one case: the UDP channel closes, the event-loop group
 *       shuts down, and its termination future completes {@link #termination()} (normally, or with
 *       the failure that closed the channel). Dependents run on a thread of this server's own
 *       (never on Netty's JVM-wide global executor) and find the port released and the event loop
 *       gone. The one case: {@code close()} called on the server's own event loop closes the
 *       channel there and completes the termination on that thread, the caller's (the loop stops
 *       after). A start that fails completes the termination with its failure, having released
 *       what it had taken.</li>
 *   <li>A drain has one owner: the first {@code drain} call (under {@code drainLock}) begins it on the
 *       event loop (the tracker refuses new connections and streams from then on), waits for the
 *       tracker's last connection, or its deadline, or a {@code close()}, whichever comes first,
 *       and then closes; later calls wait for the termination until the first drain's deadline and
 *       close timeouts have passed.</li>
 *   <li>{@code close()} returns only once the termination has settled (its dependents, such as a
 *       registry's removal and its listeners, ran), from every thread. Called by one of those
 *       dependents ({@link Termination#isSettlingOnThisThread()}) it does not wait for its own
 *       caller: a registry attached through {@link Termination#whenSettled} ran before it.</li>
 * </ul>
 */
public final class NettyQuicServer implements QuicServer {

    private static final System.Logger LOG = System.getLogger(NettyQuicServer.class.getName());
    /** Drops Initials in datagrams under 1 200 bytes before the codec answers them (stateless, shared). */
    private static final ShortInitialFilter SHORT_INITIALS = new ShortInitialFilter();
    /** How long a Retry token is accepted: a client echoes it within a round trip. */
    private static final Duration RETRY_TOKEN_LIFETIME = Duration.ofSeconds(10);

    private final ServerConfig defaults;
    private final Supplier<? extends ChannelHandler> streamHandlers;
    private final Consumer<QuicServerCodecBuilder> codecCustomizer;
    private final Termination termination = new Termination();
    private final Object lifecycle = new Object();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    /** Completed by the first drain's end or by close(): whichever comes first ends the drain. */
    private final CompletableFuture<Void> drainEnded = new CompletableFuture<>();
    private final Object drainLock = new Object();
    /** Guarded by {@code drainLock}: whether a drain began here. */
    private boolean drainRequested;
    /** Guarded by {@code drainLock}: the first drain's deadline plus what closing may take (System.nanoTime); later drains wait for it. */
    private long drainWaitEnd;
    /** Guarded by {@code lifecycle}. */
    private boolean startCalled;
    private volatile Running running;

    private NettyQuicServer(Builder builder) {
        this.defaults = builder.config;
        this.streamHandlers = builder.streamHandlers;
        this.codecCustomizer = builder.codecCustomizer;
    }

    /** A builder; only the stream handler is required before {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates the configuration (builder values with {@code settings.options()} laid over them),
     * binds the UDP socket and returns once it is bound.
     *
     * @throws IllegalArgumentException where an option has a bad value, naming the key and the value
     * @throws IllegalStateException where no certificate or ALPN is configured (saying how to configure
     *         one), where started before, or where closed
     * @throws IOException where the host does not resolve or the socket cannot be bound
     */
    @Override
    public void start(ServerSettings settings) throws IOException {
        Objects.requireNonNull(settings, "settings must not be null");
        synchronized (lifecycle) {
            if (closeRequested.get()) {
                throw new IllegalStateException(this + " is closed; a NettyQuicServer starts at most once");
            }
            if (startCalled) {
                throw new IllegalStateException(this + " was started before; a NettyQuicServer starts at most once");
            }
            startCalled = true;
            try {
                running = bind(settings);
            } catch (IOException | RuntimeException | Error e) {
                settleTermination(Optional.of(e));
                throw e;
            }
        }
        LOG.log(Level.INFO, () -> "QUIC server listening on " + localAddress().map(Object::toString).orElse("?")
                + " (ALPN " + String.join(",", running.config().alpn()) + ")");
    }

    private Running bind(ServerSettings settings) throws IOException {
        Set<String> unknown = ServerOptions.unknownKeys(settings.options());
        if (!unknown.isEmpty()) {
            LOG.log(Level.WARNING, () -> "ignoring unknown QUIC server options " + unknown + "; known: "
                    + new TreeSet<>(ServerOptions.KEYS));
        }
        ServerConfig config = ServerOptions.apply(defaults, settings.options()).requireStartable();
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IOException("host '" + settings.host() + "' does not resolve: expected a host name or address to bind");
        }
        requireNativeQuic();
        QuicSslContext tls = TlsContexts.forServer(config);
        HandshakeLimits limits = config.handshakes();
        ConnectionTracker tracker = new ConnectionTracker(config.maxConnections(), limits.maxHandshakes(),
                limits.effectiveMaxHandshakesPerAddress(), limits.maxConnectionsPerAddress(), limits.effectiveRetryThreshold(),
                RETRY_TOKEN_LIFETIME);
        QuicServerCodecBuilder codecBuilder = new QuicServerCodecBuilder()
                .sslContext(tls)
                .maxIdleTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(config.maxData())
                .initialMaxStreamDataBidirectionalLocal(config.maxStreamData())
                .initialMaxStreamDataBidirectionalRemote(config.maxStreamData())
                .initialMaxStreamDataUnidirectional(config.maxStreamData())
                .initialMaxStreamsBidirectional(config.maxBidiStreams())
                .initialMaxStreamsUnidirectional(config.maxUniStreams())
                .handler(tracker)
                .tokenHandler(tracker.tokens()) // Retry from the threshold on (always with retry=true)
                .streamHandler(new StreamInitializer(streamHandlers, tracker::admitStream));
        codecCustomizer.accept(codecBuilder);
        ChannelHandler codec = codecBuilder.build();
        NewConnectionGate gate = new NewConnectionGate(tracker);
        ServerChannelFailureHandler failures = new ServerChannelFailureHandler();

        // Threads exist only from here on: everything that can be refused was checked above.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("quic-server"),
                NioIoHandler.newFactory());
        ChannelFuture bound = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline().addLast(SHORT_INITIALS, gate, codec, failures);
                    }
                })
                .bind(address);
        boolean done = bound.awaitUninterruptibly(config.closeTimeout().toMillis());
        if (!done || !bound.isSuccess()) {
            bound.channel().close();
            releaseAfterFailedStart(group, config.closeTimeout());
            Throwable cause = done ? bound.cause() : new TimeoutException("bind took longer than " + config.closeTimeout());
            throw new IOException("could not bind the QUIC server to " + settings.host() + ":" + settings.port()
                    + ": " + cause.getMessage(), cause);
        }
        Channel channel = bound.channel();
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        channel.closeFuture().addListener(closed -> channelClosed(group, failures, config.closeTimeout(), local.getPort()));
        return new Running(config, group, channel, tracker, gate, local);
    }

    private static void requireNativeQuic() throws IOException {
        if (!Quic.isAvailable()) {
            throw new IOException("Netty's native QUIC library is not available on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + ": depend on io.netty:netty-codec-native-quic with this platform's"
                    + " classifier (linux-x86_64, linux-aarch_64, osx-x86_64, osx-aarch_64 or windows-x86_64)",
                    Quic.unavailabilityCause());
        }
    }

    private static void releaseAfterFailedStart(EventLoopGroup group, Duration timeout) {
        Future<?> terminated = group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!terminated.awaitUninterruptibly(timeout.toMillis() * 2)) {
            LOG.log(Level.WARNING, "the event loop of a QUIC server that failed to start did not stop within " + timeout);
        }
    }

    /**
     * On the event loop: the channel is closed (by close() or by a failure); release the event loop,
     * then terminate on a thread of this server's own, never on Netty's JVM-wide
     * {@code GlobalEventExecutor} (where the group's termination future would notify): whatever
     * the termination's dependents do (a registry listener that blocks, or closes another server)
     * stalls nobody else.
     */
    private void channelClosed(EventLoopGroup group, ServerChannelFailureHandler failures, Duration timeout, int port) {
        if (!closeRequested.get()) {
            LOG.log(Level.WARNING, () -> this + ": UDP channel closed without close()"
                    + failures.failure().map(cause -> " after " + cause).orElse(""));
        }
        Future<?> stopping = group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        Thread terminating = new Thread(() -> {
            if (!stopping.awaitUninterruptibly(timeout.toMillis() * 2)) {
                LOG.log(Level.WARNING, () -> this + ": event loop did not stop within " + timeout.multipliedBy(2));
            }
            settleTermination(failures.failure());
        }, "quic-server-" + port + "-termination");
        terminating.setDaemon(true);
        terminating.start();
    }

    /** Completes the termination (with {@code failure} if present) and runs its dependents on this thread. */
    private void settleTermination(Optional<Throwable> failure) {
        if (failure.isPresent()) {
            termination.fail(failure.get());
        } else {
            termination.complete();
        }
    }

    /** {@link ServerOptions#KEYS}: every option this binding reads. */
    @Override
    public Set<String> optionKeys() {
        return ServerOptions.KEYS;
    }

    @Override
    public int boundPort() {
        return localAddress().map(InetSocketAddress::getPort).orElse(0);
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        Running now = running;
        if (now == null || !now.channel().isOpen()) {
            return Optional.empty();
        }
        SocketAddress address = now.channel().localAddress();
        return address instanceof InetSocketAddress inet ? Optional.of(inet) : Optional.empty();
    }

    @Override
    public List<QuicConnection> connections() {
        Running now = running;
        return now == null ? List.of() : now.tracker().snapshot();
    }

    /** Connections whose handshake is under way now (bounded by the option {@code max-handshakes}). */
    public int handshakesInProgress() {
        Running now = running;
        return now == null ? 0 : now.tracker().handshakesInProgress();
    }

    /** New connections refused before the codec saw them, so far; for tests of what the gate refuses. */
    long refusedBeforeHandshake() {
        Running now = running;
        return now == null ? 0 : now.gate().refused();
    }

    /** Whether a drain has begun here: from then on new connections and streams are refused. */
    public boolean isDraining() {
        Running now = running;
        return now != null && now.tracker().isDraining();
    }

    /** Streams reset with REQUEST_REJECTED because the server drains; for tests of the drain. */
    int rejectedStreams() {
        Running now = running;
        return now == null ? 0 : now.tracker().rejectedStreams();
    }

    /** Retry tokens accepted and refused so far; for tests of replays. */
    long[] retryTokensAcceptedAndRefused() {
        Running now = running;
        return now == null ? new long[2] : new long[] {now.tracker().tokens().tokensAccepted(), now.tracker().tokens().tokensRefused()};
    }

    /** The most handshakes that were under way at once; for tests of the bound. */
    int mostHandshakesInProgress() {
        Running now = running;
        return now == null ? 0 : now.tracker().mostHandshakesInProgress();
    }

    @Override
    public CompletionStage<Void> termination() {
        return termination.stage();
    }

    /**
     * Closes every connection with NO_ERROR, then the UDP channel, releases the port and stops the
     * event loop, waiting at most {@code close-timeout} for each step; idempotent. Returns once
     * {@link #termination()} has completed and its dependents ran (a registry has removed the entry).
     * Called from this server's own event loop (a stream handler), it cannot wait for the loop to
     * stop: it closes the connections and the channel there and then, completes the termination on
     * this thread (the registry's listeners run here, as for any write), and the loop stops after.
     */
    @Override
    public void close() {
        drainEnded.complete(null); // a drain under way stops waiting: close() ends it at once
        boolean settleHere = false;
        if (closeRequested.compareAndSet(false, true)) {
            synchronized (lifecycle) {
                Running now = running;
                if (now == null) {
                    settleTermination(Optional.empty()); // never started, or its start failed and completed it already
                    return;
                }
                settleHere = stop(now);
            }
        }
        if (settleHere) {
            settleTermination(Optional.empty()); // outside the monitor: dependents run user code
            return;
        }
        awaitTermination();
    }

    /**
     * Drains, then closes (DRAIN.md): new connections are refused with CONNECTION_REFUSED and
     * handshakes under way are ended so; on open connections, a stream opened from now on is
     * reset with {@link QuicErrorCodes#REQUEST_REJECTED} before it reaches the stream handler,
     * streams opened before run to their end, and a connection with no stream left is closed with
     * {@link QuicErrorCodes#GOING_AWAY}. At {@code grace} whatever is still open is closed with
     * GOING_AWAY (one WARNING counts the streams cut). Then {@link #close()}; returns once the
     * termination completed. Idempotent (a later call waits for the first drain); a
     * {@code close()} meanwhile ends the drain at once. Called on the server's own event loop
     * (a stream handler), it cannot wait there: the drain goes on on a thread of its own.
     *
     * @throws NullPointerException where {@code grace} is null
     * @throws IllegalArgumentException where {@code grace} is negative
     */
    @Override
    public void drain(Duration grace) {
        Arguments.notNegative(grace, "grace");
        Running now = running;
        if (grace.isZero() || now == null || closeRequested.get()) {
            close();
            return;
        }
        long graceNanos = Durations.waitNanos(grace);
        long waitEnd;
        synchronized (drainLock) {
            if (!drainRequested) {
                drainRequested = true;
                drainWaitEnd = System.nanoTime() + graceNanos + now.config().closeTimeout().multipliedBy(3).toNanos();
                waitEnd = 0;
            } else {
                waitEnd = drainWaitEnd;
            }
        }
        if (waitEnd != 0) {
            awaitFirstDrain(now, waitEnd); // the first drain ends it, with its own grace
            return;
        }
        if (now.channel().eventLoop().inEventLoop()) {
            Thread draining = new Thread(() -> drainThenClose(now, grace, graceNanos), "quic-server-"
                    + now.boundAddress().getPort() + "-drain");
            draining.setDaemon(true);
            draining.start();
            return;
        }
        drainThenClose(now, grace, graceNanos);
    }

    /** A drain called while another runs: waits for the termination until the first drain's deadline, and its close, have passed. */
    private void awaitFirstDrain(Running now, long waitEnd) {
        if (now.channel().eventLoop().inEventLoop() || termination.isSettlingOnThisThread()) {
            return; // it cannot wait here for what runs here
        }
        try {
            if (!termination.awaitSettled(Duration.ofNanos(Math.max(0, waitEnd - System.nanoTime())))) {
                LOG.log(Level.WARNING, () -> this + ": the drain under way did not end by its deadline and close-timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainThenClose(Running now, Duration grace, long graceNanos) {
        long deadline = System.nanoTime() + graceNanos;
        LOG.log(Level.INFO, () -> this + ": draining, for at most " + grace);
        try {
            now.channel().eventLoop().submit(() -> now.tracker().beginDrain().whenComplete((done, failure) -> drainEnded.complete(null)))
                    .awaitUninterruptibly(now.config().closeTimeout().toMillis());
            drainEnded.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException graceOver) {
            cutAtDeadline(now, grace);
        } catch (RejectedExecutionException loopGone) {
            // the server died meanwhile: close() below finds it terminated
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible); // drainEnded is only ever completed normally
        }
        close();
    }

    /** The grace is over: closes what is left with GOING_AWAY and says, once, how many streams that cut. */
    private void cutAtDeadline(Running now, Duration grace) {
        Future<ConnectionTracker.DeadlineReached> cut = now.channel().eventLoop().submit(now.tracker()::cutAtDeadline);
        if (cut.awaitUninterruptibly(now.config().closeTimeout().toMillis()) && cut.isSuccess()) {
            ConnectionTracker.DeadlineReached left = cut.getNow();
            LOG.log(Level.WARNING, () -> this + ": drain reached its deadline (grace " + grace + ") with " + left.streams()
                    + " stream(s) open on " + left.connections() + " connection(s); they were cut and their requests fail:"
                    + " give the drain a longer grace (drain-timeout)");
        }
    }

    /** Closes the connections and the channel; true where called on the server's own event loop, which cannot wait for itself. */
    private boolean stop(Running now) {
        Deadline deadline = new Deadline(now.config().closeTimeout());
        boolean onOwnLoop = now.channel().eventLoop().inEventLoop();
        List<ChannelFuture> closing = stopAccepting(now, onOwnLoop, deadline).stream()
                .map(connection -> connection.closeGracefully("server closing"))
                .toList();
        if (onOwnLoop) {
            now.channel().close(); // on its own loop the socket closes now: the port is free when this returns
            return true;
        }
        for (ChannelFuture connection : closing) {
            connection.awaitUninterruptibly(deadline.remainingMillis());
        }
        ChannelFuture channelClosed = now.channel().close();
        if (!channelClosed.awaitUninterruptibly(deadline.remainingMillis())) {
            LOG.log(Level.WARNING, () -> this + ": UDP channel did not close within " + now.config().closeTimeout());
        }
        if (!now.group().terminationFuture().awaitUninterruptibly(now.config().closeTimeout().toMillis())) {
            LOG.log(Level.WARNING, () -> this + ": event loop did not stop within " + now.config().closeTimeout());
        }
        return false;
    }

    /** Has the server's event loop refuse new connections, and returns the open ones. */
    private List<NettyQuicConnection> stopAccepting(Running now, boolean onOwnLoop, Deadline deadline) {
        if (onOwnLoop) {
            return now.tracker().stopAccepting();
        }
        try {
            Future<List<NettyQuicConnection>> stopped = now.channel().eventLoop().submit(now.tracker()::stopAccepting);
            if (stopped.awaitUninterruptibly(deadline.remainingMillis()) && stopped.isSuccess()) {
                return stopped.getNow();
            }
        } catch (RejectedExecutionException loopGone) {
            // The server died and its event loop has stopped: it admits nothing any more.
        }
        // The event loop did not answer in time, or is gone: close what is listed; closing the channel ends the rest.
        return now.tracker().connections();
    }

    /** The first step of close(): from now on, new connections are refused. Package-private for tests. */
    void stopAcceptingConnections() {
        Running now = running;
        if (now != null) {
            stopAccepting(now, now.channel().eventLoop().inEventLoop(), new Deadline(now.config().closeTimeout()));
        }
    }

    private void awaitTermination() {
        Running now = running;
        awaitTermination(now == null ? ServerConfig.DEFAULT_CLOSE_TIMEOUT : now.config().closeTimeout());
    }

    private void awaitTermination(Duration timeout) {
        // Not isDone(): that is true while the completing thread still runs the dependents (a registry's removal).
        if (termination.isSettlingOnThisThread()) {
            return; // called by a dependent of termination(): the settling it would wait for is its own caller
        }
        Running now = running;
        if (now != null && now.channel().eventLoop().inEventLoop()) {
            return;
        }
        try {
            if (!termination.awaitSettled(timeout)) {
                LOG.log(Level.WARNING, () -> this + ": termination did not complete within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bound UDP channel, for tests in this package that need to break it. */
    Optional<Channel> udpChannel() {
        Running now = running;
        return now == null ? Optional.empty() : Optional.of(now.channel());
    }

    @Override
    public String toString() {
        Running now = running;
        if (now == null) {
            return "NettyQuicServer[not started]";
        }
        return "NettyQuicServer[" + now.boundAddress() + (now.channel().isOpen() ? "" : " (closed)")
                + ", alpn=" + String.join(",", now.config().alpn()) + "]";
    }

    /** What a started server holds. */
    private record Running(ServerConfig config, EventLoopGroup group, Channel channel, ConnectionTracker tracker,
            NewConnectionGate gate, InetSocketAddress boundAddress) {
    }

    /** A point in time that bounded waits share. */
    private static final class Deadline {
        private final long endNanos;

        Deadline(Duration timeout) {
            this.endNanos = System.nanoTime() + timeout.toNanos();
        }

        long remainingMillis() {
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
        }
    }

    /**
     * Configures a {@link NettyQuicServer}. Every value is a default that the start's options can
     * override (the key is named on each method); the stream handler is required.
     */
    public static final class Builder {

        private ServerConfig config = ServerConfig.defaults();
        private Supplier<? extends ChannelHandler> streamHandlers;
        private Consumer<QuicServerCodecBuilder> codecCustomizer = codec -> { };

        private Builder() {
        }

        /**
         * What the application does with each QUIC stream: {@code perStream} is called once per
         * stream for a handler of its own (for example {@code MyHandler::new}); the handler receives
         * the stream's bytes as {@code ByteBuf}s on a {@link QuicStreamChannel}.
         */
        public Builder streamHandler(Supplier<? extends ChannelHandler> perStream) {
            this.streamHandlers = Objects.requireNonNull(perStream, "perStream must not be null");
            return this;
        }

        /**
         * What the application does with each QUIC stream, as one {@link Sharable} handler added to
         * every stream, such as a {@link ChannelInitializer ChannelInitializer&lt;QuicStreamChannel&gt;}
         * or {@link StreamHandlers#echo()}.
         *
         * @throws IllegalArgumentException where the handler is not {@code @Sharable}: pass a supplier then
         */
        public Builder streamHandler(ChannelHandler sharable) {
            Objects.requireNonNull(sharable, "sharable must not be null");
            boolean isSharable = sharable instanceof ChannelHandlerAdapter adapter
                    ? adapter.isSharable()
                    : sharable.getClass().isAnnotationPresent(Sharable.class);
            if (!isSharable) {
                throw new IllegalArgumentException(sharable.getClass().getName() + " is not @Sharable, but it would be added"
                        + " to every stream: annotate it @Sharable, or pass a supplier, e.g. streamHandler(MyHandler::new)");
            }
            this.streamHandlers = () -> sharable;
            return this;
        }

        /** Application protocols, in preference order (option {@code alpn}, comma-separated); required. */
        public Builder alpn(String... protocols) {
            Objects.requireNonNull(protocols, "protocols must not be null");
            config = config.withAlpn(ServerOptions.alpn(ServerOptions.ALPN, String.join(",", protocols)));
            return this;
        }

        /**
         * The certificate: a PEM X.509 chain (leaf first) and its PEM PKCS#8 private key (options
         * {@code cert} and {@code key}); checked at start.
         */
        public Builder certificate(Path certificateChainPem, Path privateKeyPem) {
            Objects.requireNonNull(certificateChainPem, "certificateChainPem must not be null");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem must not be null");
            config = config.withCertificate(certificateChainPem, privateKeyPem);
            return this;
        }

        /** The password of an encrypted private key (option {@code key-password}). */
        public Builder keyPassword(String password) {
            Objects.requireNonNull(password, "password must not be null");
            config = config.withKeyPassword(password);
            return this;
        }

        /**
         * {@code true}: generate a self-signed certificate at start and log a warning; for samples and
         * tests only, since clients cannot verify it (option {@code self-signed}). Default {@code false}.
         */
        public Builder selfSigned(boolean selfSigned) {
            config = config.withSelfSigned(selfSigned);
            return this;
        }

        /** How long a connection may be idle before it is closed (option {@code idle-timeout}); default 30 s. */
        public Builder idleTimeout(Duration idleTimeout) {
            config = config.withIdleTimeout(Arguments.positive(idleTimeout, "idleTimeout"));
            return this;
        }

        /** Live connections at most (option {@code max-connections}); default 10000. */
        public Builder maxConnections(int maxConnections) {
            Arguments.atLeast(maxConnections, 1, "maxConnections");
            config = config.withMaxConnections(maxConnections);
            return this;
        }

        /** Handshakes under way at once, at most (option {@code max-handshakes}); default 256. */
        public Builder maxHandshakes(int maxHandshakes) {
            Arguments.atLeast(maxHandshakes, 1, "maxHandshakes");
            config = config.withHandshakes(config.handshakes().withMaxHandshakes(maxHandshakes));
            return this;
        }

        /** Whether every client must echo a Retry token before the server keeps state for it (option {@code retry}); default false. */
        public Builder retry(boolean retry) {
            config = config.withHandshakes(config.handshakes().withRetry(retry));
            return this;
        }

        /**
         * Handshakes under way from which every new client must echo a Retry token first (option
         * {@code retry-threshold}); default a quarter of {@code max-handshakes}; 0: always.
         */
        public Builder retryThreshold(int handshakes) {
            Arguments.atLeast(handshakes, 0, "retryThreshold");
            config = config.withHandshakes(config.handshakes().withRetryThreshold(handshakes));
            return this;
        }

        /**
         * Handshakes one IP address (IPv6: one /64) has under way at most (option
         * {@code max-handshakes-per-address}); default an eighth of {@code max-handshakes}.
         */
        public Builder maxHandshakesPerAddress(int handshakes) {
            Arguments.atLeast(handshakes, 1, "maxHandshakesPerAddress");
            config = config.withHandshakes(config.handshakes().withMaxHandshakesPerAddress(handshakes));
            return this;
        }

        /** Connections one IP address holds at most, handshakes included (option {@code max-connections-per-address}); default 256. */
        public Builder maxConnectionsPerAddress(int connections) {
            Arguments.atLeast(connections, 1, "maxConnectionsPerAddress");
            config = config.withHandshakes(config.handshakes().withMaxConnectionsPerAddress(connections));
            return this;
        }

        /**
         * Streams a peer may open per connection (options {@code max-bidi-streams} and
         * {@code max-uni-streams}); default 100 each.
         */
        public Builder maxStreams(long bidirectional, long unidirectional) {
            Arguments.atLeast(bidirectional, 0, "bidirectional");
            Arguments.atLeast(unidirectional, 0, "unidirectional");
            config = config.withMaxStreams(bidirectional, unidirectional);
            return this;
        }

        /**
         * Flow-control windows: bytes a peer may send per connection and per stream before the server
         * extends them (options {@code max-data} and {@code max-stream-data}); default 10 MiB and 1 MiB.
         */
        public Builder flowControl(long maxData, long maxStreamData) {
            Arguments.atLeast(maxData, 0, "maxData");
            Arguments.atLeast(maxStreamData, 0, "maxStreamData");
            config = config.withFlowControl(maxData, maxStreamData);
            return this;
        }

        /** How long {@code close()} waits for each of its steps (option {@code close-timeout}); default 5 s. */
        public Builder closeTimeout(Duration closeTimeout) {
            config = config.withCloseTimeout(Arguments.positive(closeTimeout, "closeTimeout"));
            return this;
        }

        /**
         * Anything else Netty's codec offers (congestion control, a Retry token handler, datagrams),
         * applied after this builder's values at each start.
         */
        public Builder customizeCodec(Consumer<QuicServerCodecBuilder> customizer) {
            this.codecCustomizer = Objects.requireNonNull(customizer, "customizer must not be null");
            return this;
        }

        /**
         * A server that is not started yet.
         *
         * @throws IllegalStateException where no stream handler was given
         */
        public NettyQuicServer build() {
            if (streamHandlers == null) {
                throw new IllegalStateException("no stream handler: call streamHandler(MyHandler::new) or"
                        + " streamHandler(StreamHandlers.echo()) to say what the server does with each QUIC stream");
            }
            return new NettyQuicServer(this);
        }

        @Override
        public String toString() {
            return "NettyQuicServer.Builder[" + config + "]";
        }
    }
}
