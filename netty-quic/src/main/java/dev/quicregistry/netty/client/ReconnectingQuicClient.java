package dev.quicregistry.netty.client;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerNames;
import dev.quicregistry.netty.internal.StreamInitializer;
import dev.quicregistry.reconnect.BackoffPolicy;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.DaemonScheduler;
import dev.quicregistry.reconnect.ExponentialBackoff;
import dev.quicregistry.reconnect.ReconnectingClient;
import dev.quicregistry.reconnect.Reconnector;
import dev.quicregistry.reconnect.Scheduler;
import dev.quicregistry.support.Arguments;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A QUIC client that stays one connection, under one {@link ConnectionId}, while its server
 * restarts: it finds the server by its name in a {@link QuicServerRegistry} on every attempt (so a
 * server back on a new ephemeral port is found again), and a {@link Reconnector} swaps each new
 * {@link QuicChannel} into the {@link ConnectionRegistry}, one {@code ConnectionReplaced} per
 * reconnection.
 *
 * <p>The registered transport is the Netty {@link QuicChannel} itself: open streams on it with
 * {@code createStream}, or through {@link ClientStreams}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Each attempt has a UDP channel of its own on an event-loop thread of this client (or of the
 *       shared {@link QuicClientThreads}); the UDP channel closes with its QUIC connection, or when
 *       the attempt fails or times out.</li>
 *   <li>The one loss signal of a connection is its close future (the server's CONNECTION_CLOSE, the
 *       idle timeout, an exception, an explicit {@link #reportLost}, the client's own close); it goes
 *       to the reconnector, which acts only on the first for the live connection and ignores every
 *       signal once closed, so a {@link #close()} never reconnects.</li>
 *   <li>Every signal from outside (a connect result, a channel closing, {@link #reportLost}) reaches
 *       the reconnector on the callback thread, never on an event loop or the caller's thread, so
 *       state listeners, registry events and {@code ConnectionReplaced} observers run there and may
 *       block. Only {@link #close()} runs the reconnector's last step on the closing thread.</li>
 *   <li>Every connection is in {@code channels} from its handshake until it closes; once the
 *       reconnector has closed, for any reason, every channel is closed and the event loop and the
 *       callback thread, where this client owns them, are released; {@code close()} waits at most
 *       {@code closeTimeout} in all.</li>
 * </ul>
 */
public final class ReconnectingQuicClient extends ReconnectingClient<QuicChannel> {

    private static final System.Logger LOG = System.getLogger(ReconnectingQuicClient.class.getName());

    private final String serverName;
    private final ConnectionId id;
    private final ServerLocator locator;
    private final Optional<String> tlsHostName;
    private final QuicSslContext sslContext;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Duration closeTimeout;
    private final ChannelHandler streamInitializer;
    private final Consumer<QuicClientCodecBuilder> codecCustomizer;
    private final EventLoopGroup group;
    private final DaemonScheduler callbacks;
    /**
     * What closing the client closes: each attempt's UDP socket while its handshake is in flight
     * (no connection owns it yet), then the live connection (which closes its socket). Closed for
     * good with the client: a channel added after that is closed at once.
     */
    private final ChannelGroup channels;
    private final Reconnector<QuicChannel> reconnector;
    private final AtomicBoolean released = new AtomicBoolean();
    /** The requestReply calls not ended yet: at most one per call in flight, each removed as it ends (before its result completes). */
    private final Set<PendingRequest> pending = ConcurrentHashMap.newKeySet();
    /** How often rejected streams move this client to a new connection (shared by its requests). */
    private final RejectionPacing rejections = new RejectionPacing();
    /** The shared threads this client runs on ({@link Builder#threads}), which their owner stops; null: its own. */
    private final QuicClientThreads sharedThreads;

    private ReconnectingQuicClient(Builder builder) {
        super(builder.connections, QuicChannel.class);
        this.serverName = builder.serverName;
        this.id = builder.id;
        this.locator = builder.directory != null
                ? new DirectoryLocator(builder.directory, serverName, Optional.ofNullable(builder.host))
                : new RegistryLocator(builder.servers, serverName, Optional.ofNullable(builder.host));
        this.tlsHostName = Optional.ofNullable(builder.tlsHostName);
        if (builder.directory != null && builder.tlsHostName == null && builder.trust instanceof ClientTrust.SystemDefault) {
            // Whoever can write the directory then names the host the certificate is checked against:
            // a rogue endpoint with a publicly issued certificate for its own name would pass.
            LOG.log(Level.WARNING, () -> "QUIC client of '" + serverName + "' checks the server's certificate against"
                    + " whatever host the directory lists, with the JDK's public CAs: pin the identity with"
                    + " tlsHostName(...) or trust your own CA with trustCertificates(...)");
        }
        this.sslContext = builder.trust.sslContext(builder.alpn);
        this.connectTimeout = builder.connectTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.closeTimeout = builder.closeTimeout;
        this.streamInitializer = new StreamInitializer(builder.streamHandlers);
        this.codecCustomizer = builder.codecCustomizer;
        // Threads exist only from here on: everything that can be refused was checked above.
        this.sharedThreads = builder.threads;
        if (sharedThreads == null) {
            this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("quic-client-" + id, true),
                    NioIoHandler.newFactory());
            this.callbacks = new DaemonScheduler("quic-registry-quic-client-" + id);
        } else {
            this.group = sharedThreads.eventLoops();
            this.callbacks = sharedThreads.callbacks();
        }
        this.channels = new DefaultChannelGroup("quic-client-" + id, group.next(), true);
        this.reconnector = Reconnector.builder(builder.connections, id, this::connectOnce)
                .backoff(builder.backoff)
                .scheduler(builder.scheduler != null ? builder.scheduler : callbacks)
                .transportCloser(QuicChannel::close)
                .closeTimeout(closeTimeout)
                .stateListener(this::onStateForRequests)
                .build();
        reconnector.closed().thenRun(this::release);
        if (sharedThreads != null) {
            sharedThreads.attach(this); // last: a client is closed with its threads only once it is whole
        }
    }

    /**
     * A builder for a client of the server registered as {@code serverName} in {@code servers}, that
     * registers its connection in {@code connections}.
     *
     * @throws IllegalArgumentException where {@code serverName} breaks the naming rule
     */
    public static Builder builder(QuicServerRegistry servers, String serverName, ConnectionRegistry connections) {
        return new Builder(Objects.requireNonNull(servers, "servers must not be null"), null, serverName, connections);
    }

    /**
     * A builder for a client of the server published as {@code serverName} in the cluster
     * {@code directory}, in whichever JVM it runs now, that registers its connection in
     * {@code connections}. Each attempt asks the directory afresh.
     *
     * @throws IllegalArgumentException where {@code serverName} breaks the naming rule
     */
    public static Builder builder(QuicServerDirectory directory, String serverName, ConnectionRegistry connections) {
        return new Builder(null, Objects.requireNonNull(directory, "directory must not be null"), serverName, connections);
    }

    /**
     * One request and its reply on a new stream of the current connection (the server's side:
     * {@link dev.quicregistry.netty.StreamHandlers#requestReply}): sends {@code request} and FIN,
     * completes with everything the server sent until its FIN. A request the server certainly did
     * not process (its stream rejected with {@code REQUEST_REJECTED}, or its connection gone away
     * with no stream open at the server, or no connection to send it on) is sent again on the next
     * connection until {@code timeout}; one the server may have processed (any other failure after
     * its bytes were sent) is never sent again, and fails with the cause. Completes on this client's
     * callback thread, never on an event loop; fails with a {@link java.util.concurrent.TimeoutException}
     * after {@code timeout} (the stream in flight, if any, is closed), and with
     * {@link dev.quicregistry.reconnect.ConnectionClosedException} once the client is closed (on the
     * thread that closes it). A stream rejected because the server drains moves the client to
     * another connection at once; the old one keeps its streams under way until the server closes it.
     *
     * @throws IllegalArgumentException where {@code maxReplyBytes} is negative or {@code timeout} not positive
     */
    public CompletionStage<byte[]> requestReply(byte[] request, int maxReplyBytes, Duration timeout) {
        Objects.requireNonNull(request, "request must not be null");
        Arguments.atLeast(maxReplyBytes, 0, "maxReplyBytes");
        Arguments.positive(timeout, "timeout");
        return new PendingRequest(request.clone(), maxReplyBytes, timeout, reconnector, this::onCallbackThread, pending, group,
                rejections).start().copy();
    }

    /** Each requestReply not ended yet: handed the next connection, failed when the client closes. */
    private void onStateForRequests(ConnectionState state) {
        if (state instanceof ConnectionState.Connected) {
            reconnector.transport().ifPresent(live -> pending.forEach(request -> request.connectionArrived(live)));
        } else if (state instanceof ConnectionState.Closed) {
            pending.forEach(request -> request.clientClosed(state));
        }
    }

    /** How many requestReply calls have not ended (for tests of the bound). */
    int pendingRequests() {
        return pending.size();
    }

    /** The registry name of the server this client connects to. */
    public String serverName() {
        return serverName;
    }

    /**
     * Reports that {@code connection} is broken (e.g. the application's own heartbeat failed): it is
     * closed and replaced, once, however many reports arrive. Ignored for a connection that is not live.
     */
    public void reportLost(QuicChannel connection, Throwable cause) {
        onCallbackThread(() -> reconnector.transportLost(connection, cause));
    }

    /**
     * Closes for good: no attempt after this, the live connection is closed with NO_ERROR, the id is
     * unregistered ({@code ConnectionUnregistered}), and the client's threads end. Idempotent. Waits
     * at most {@code closeTimeout} per step; called from the client's own threads (a stream handler,
     * a {@code ConnectionReplaced} observer) it starts the same steps and returns without waiting.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        // release() follows as a dependent of closed(), on whichever thread closes it
        reconnector.close(closeTimeout);
        if (isOnOwnThread()) {
            return;
        }
        release();
        if (sharedThreads != null) {
            if (!group.isShuttingDown()) { // else the threads stopped before this close: nothing runs on them now
                channels.close().awaitUninterruptibly(remainingMillis(deadline));
            }
            return;
        }
        if (!group.terminationFuture().awaitUninterruptibly(remainingMillis(deadline))) {
            LOG.log(Level.WARNING, () -> this + ": event loop did not stop within closeTimeout=" + closeTimeout);
        }
        if (!callbacks.awaitStopped(Duration.ofMillis(remainingMillis(deadline)))) {
            LOG.log(Level.WARNING, () -> this + ": callback thread did not stop within closeTimeout=" + closeTimeout);
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    @Override
    protected Reconnector<QuicChannel> reconnector() {
        return reconnector;
    }

    @Override
    public String toString() {
        return "ReconnectingQuicClient[" + id + " -> " + locator + ", " + state() + "]";
    }

    /** Whether this thread is one of the client's event loops (any loop of a shared group) or its callback thread. */
    private boolean isOnOwnThread() {
        return QuicClientThreads.runsOn(group, callbacks);
    }

    /**
     * Once closed, for any reason: closes every connection (each sends its CONNECTION_CLOSE) and,
     * once they have closed, stops the event loop and the callback thread; waits for nothing. Idempotent.
     */
    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        if (sharedThreads != null) {
            sharedThreads.detach(this);
            if (group.isShuttingDown()) {
                return; // closed after its threads (see QuicClientThreads.close): nothing submitted to them would run
            }
        }
        channels.close().addListener(allClosed -> {
            if (sharedThreads == null) {
                group.shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
                callbacks.stop(); // a callback running now finishes; waiting retries are dropped
            }
        });
    }

    // ---- one attempt ----

    /** The reconnector's connector: finds the server now, binds a UDP socket, and makes the QUIC handshake. */
    private CompletionStage<QuicChannel> connectOnce() throws IOException {
        InetSocketAddress remote = locator.locate();
        CompletableFuture<QuicChannel> result = new CompletableFuture<>();
        EventLoop loop = group.next();
        ChannelFuture bound = new Bootstrap()
                .group(loop)
                .channel(NioDatagramChannel.class)
                .handler(codec(tlsHostName.orElse(remote.getHostString()), remote.getPort()))
                .bind(bindAddressFor(remote));
        Channel udp = bound.channel();
        channels.add(udp); // closed with the client until its connection takes it over
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (result.completeExceptionally(new ConnectTimeoutException("QUIC handshake with server '" + serverName
                    + "' at " + remote + " did not complete within connectTimeout=" + connectTimeout))) {
                udp.close();
            }
        }, connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
        bound.addListener((ChannelFuture binding) -> {
            if (!binding.isSuccess()) {
                result.completeExceptionally(new IOException("could not bind a UDP socket to reach QUIC server '" + serverName
                        + "' at " + remote + ": " + binding.cause(), binding.cause()));
                udp.close();
                return;
            }
            handshake(udp, remote, result);
        });
        return onCallbackThread(result.whenComplete((connection, failure) -> timeout.cancel(false)));
    }

    /** On the event loop: the QUIC handshake over {@code udp}; its connection goes to {@code result}. */
    private void handshake(Channel udp, InetSocketAddress remote, CompletableFuture<QuicChannel> result) {
        ConnectionWatcher watcher = new ConnectionWatcher(serverName, remote, (channel, away) -> {
            // On the event loop, as the server's CONNECTION_CLOSE arrives (not after the draining period).
            locator.wentAway(remote);
            if (result.completeExceptionally(away)) {
                udp.close(); // refused during the handshake: the attempt fails now, and is not counted as a failure
            } else {
                onCallbackThread(() -> reconnector.transportLost(channel, away));
            }
        });
        QuicChannel.newBootstrap(udp)
                .handler(watcher)
                .streamHandler(streamInitializer)
                .remoteAddress(remote)
                .connect()
                .addListener((Future<QuicChannel> connecting) -> {
                    if (!connecting.isSuccess()) {
                        udp.close();
                        result.completeExceptionally(new IOException("QUIC handshake with server '" + serverName + "' at "
                                + remote + " failed: " + watcher.serverClose().map(close -> "the server closed it (" + close + ")")
                                .orElse(String.valueOf(connecting.cause())), connecting.cause()));
                        return;
                    }
                    QuicChannel connection = connecting.getNow();
                    // The connection takes its socket over: its close sends CONNECTION_CLOSE, then closes the
                    // socket. In this order a close of the client that sees the socket has set the group's
                    // closed flag first, so the add below closes the connection at once, on this loop, before
                    // the socket's close (queued here by that other thread) runs.
                    channels.remove(udp);
                    channels.add(connection);
                    connection.closeFuture().addListener(closed -> {
                        udp.close();
                        // off the event loop: the reconnector runs state listeners and registry events
                        onCallbackThread(() -> reconnector.transportLost(connection, watcher.lossCause(connection)));
                    });
                    if (!result.complete(connection)) {
                        connection.close(); // the attempt timed out meanwhile
                    }
                });
    }

    /**
     * The attempt's outcome, handed over on the callback thread: the reconnector then registers,
     * fires events and calls observers there, never on the event loop. A connection that arrives
     * after the client closed is closed.
     */
    private CompletionStage<QuicChannel> onCallbackThread(CompletionStage<QuicChannel> attempt) {
        CompletableFuture<QuicChannel> handedOver = new CompletableFuture<>();
        attempt.whenComplete((connection, failure) -> {
            try {
                callbacks.execute(() -> {
                    if (failure != null) {
                        handedOver.completeExceptionally(failure);
                    } else if (!handedOver.complete(connection)) {
                        connection.close();
                    }
                });
            } catch (RejectedExecutionException closing) {
                if (connection != null) {
                    connection.close();
                }
                handedOver.completeExceptionally(failure != null ? failure : closing);
            }
        });
        return handedOver;
    }

    /** Runs {@code signal} on the callback thread; once that has stopped (the client closed), where it is. */
    private void onCallbackThread(Runnable signal) {
        try {
            callbacks.execute(signal);
        } catch (RejectedExecutionException stopped) {
            signal.run(); // the reconnector is closed: it ignores the signal and calls nobody
        }
    }

    private ChannelHandler codec(String tlsHost, int port) {
        QuicClientCodecBuilder codec = new QuicClientCodecBuilder()
                // Netty's sslContext(...) makes engines without a peer host, which fails host name
                // verification of every certificate: the engine must know whom it talks to.
                .sslEngineProvider(quic -> sslContext.newEngine(quic.alloc(), tlsHost, port))
                .maxIdleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(10L * 1024 * 1024)
                .initialMaxStreamDataBidirectionalLocal(1024 * 1024)
                .initialMaxStreamDataBidirectionalRemote(1024 * 1024)
                .initialMaxStreamDataUnidirectional(1024 * 1024)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(100);
        codecCustomizer.accept(codec);
        return codec.build();
    }

    /** Loopback for a loopback server (so nothing else is bound), else the wildcard, on an ephemeral port. */
    private static InetSocketAddress bindAddressFor(InetSocketAddress remote) {
        return remote.getAddress().isLoopbackAddress() ? new InetSocketAddress(remote.getAddress(), 0) : new InetSocketAddress(0);
    }

    /**
     * Configures a {@link ReconnectingQuicClient}. Required: the ALPN. Defaults: a random id, the
     * JDK's default trust store with host name verification, the host the server is bound to,
     * {@link ExponentialBackoff#defaults()}, connectTimeout 10 s, idleTimeout 30 s, closeTimeout 5 s,
     * streams the server opens discarded, and a callback thread of its own for the backoff.
     */
    public static final class Builder {
        private final QuicServerRegistry servers;
        private final QuicServerDirectory directory;
        private final String serverName;
        private final ConnectionRegistry connections;
        private ConnectionId id = ConnectionId.random();
        private List<String> alpn = List.of();
        private ClientTrust trust = new ClientTrust.SystemDefault();
        private String host;
        private String tlsHostName;
        private BackoffPolicy backoff = ExponentialBackoff.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Supplier<? extends ChannelHandler> streamHandlers = ChannelInboundHandlerAdapter::new;
        private Consumer<QuicClientCodecBuilder> codecCustomizer = codec -> { };
        private Scheduler scheduler;
        private QuicClientThreads threads;

        /** Exactly one of {@code servers} and {@code directory} is given. */
        private Builder(QuicServerRegistry servers, QuicServerDirectory directory, String serverName, ConnectionRegistry connections) {
            this.servers = servers;
            this.directory = directory;
            this.serverName = ServerNames.requireValid(serverName);
            this.connections = Objects.requireNonNull(connections, "connections must not be null");
        }

        /** The stable id to register the connection under. */
        public Builder id(ConnectionId id) {
            this.id = Objects.requireNonNull(id, "id must not be null");
            return this;
        }

        /** Application protocols to offer, preferred first; required (QUIC peers must agree on one). */
        public Builder alpn(String... protocols) {
            Objects.requireNonNull(protocols, "protocols must not be null");
            List<String> given = Arrays.asList(protocols);
            for (String protocol : given) {
                if (protocol == null || protocol.isBlank() || protocol.length() > 255) {
                    throw new IllegalArgumentException("alpn " + given + " is not valid: expected protocol names of 1 to 255"
                            + " characters, such as \"h3\"");
                }
            }
            this.alpn = List.copyOf(given);
            return this;
        }

        /** Trusts the certificates of a PEM file (a CA, or the server's self-signed certificate) instead of the JDK's trust store. */
        public Builder trustCertificates(Path pemFile) {
            this.trust = new ClientTrust.Pem(pemFile);
            return this;
        }

        /** Trusts the given certificates instead of the JDK's trust store. */
        public Builder trustCertificates(X509Certificate... certificates) {
            Objects.requireNonNull(certificates, "certificates must not be null");
            this.trust = new ClientTrust.Certificates(Arrays.asList(certificates));
            return this;
        }

        /**
         * Accepts ANY server certificate and skips host name verification, and logs a WARNING when
         * built: for tests and samples against a self-signed server only, never in production.
         */
        public Builder insecureTrustAll() {
            this.trust = new ClientTrust.InsecureTrustAll();
            return this;
        }

        /**
         * The host to dial (resolved on every attempt); the port always comes from the registry. By
         * default the address the server is bound to, or loopback where it is bound to the wildcard.
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host must not be null");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host '" + host + "' is not valid: expected a host name or address");
            }
            this.host = host;
            return this;
        }

        /**
         * The name the server's certificate must be valid for (and the SNI); by default the host
         * dialed: the given host, the server's bound address, or {@code localhost} for a wildcard.
         */
        public Builder tlsHostName(String tlsHostName) {
            Objects.requireNonNull(tlsHostName, "tlsHostName must not be null");
            if (tlsHostName.isBlank()) {
                throw new IllegalArgumentException("tlsHostName '" + tlsHostName + "' is not valid: expected a host name");
            }
            this.tlsHostName = tlsHostName;
            return this;
        }

        /** When to retry after a loss or a failed attempt, and when to give up. */
        public Builder backoff(BackoffPolicy backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
            return this;
        }

        /** The bound of one attempt (UDP bind and QUIC handshake); longer is a failed attempt. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Arguments.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long the connection may be idle before it counts as lost and is replaced; the
         * connection uses the smaller of this and the server's idle timeout.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Arguments.positive(idleTimeout, "idleTimeout");
            return this;
        }

        /** How long {@link ReconnectingQuicClient#close()} waits for each of its steps. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Arguments.positive(closeTimeout, "closeTimeout");
            return this;
        }

        /** A handler of its own for each stream the server opens (default: their data is discarded). */
        public Builder streamHandler(Supplier<? extends ChannelHandler> perStream) {
            this.streamHandlers = Objects.requireNonNull(perStream, "perStream must not be null");
            return this;
        }

        /** Anything else Netty's client codec offers (congestion control, datagrams, flow control), per attempt. */
        public Builder customizeCodec(Consumer<QuicClientCodecBuilder> customizer) {
            this.codecCustomizer = Objects.requireNonNull(customizer, "customizer must not be null");
            return this;
        }

        /** Where backoff delays wait; the caller keeps owning it (e.g. a virtual clock in tests). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * Threads shared with other clients (their owner creates and closes them; closing them closes
         * this client too) instead of an event loop and a callback thread of this client's own: many
         * clients, few threads. Building on threads already closed is an {@code IllegalStateException}.
         */
        public Builder threads(QuicClientThreads threads) {
            this.threads = Objects.requireNonNull(threads, "threads must not be null");
            return this;
        }

        /**
         * The client, not connected yet.
         *
         * @throws IllegalStateException where no ALPN was given, Netty's native QUIC library is missing, or
         *         the shared {@link #threads} are closed
         * @throws IllegalArgumentException where the trusted certificates cannot be loaded
         */
        public ReconnectingQuicClient build() {
            if (threads != null) {
                threads.requireOpen(); // before anything is made; attach checks again for a close meanwhile
            }
            if (alpn.isEmpty()) {
                throw new IllegalStateException("no ALPN for the QUIC client of server '" + serverName + "': call"
                        + " alpn(\"h3\") (or the protocol your server lists); QUIC peers must agree on an application protocol");
            }
            if (!Quic.isAvailable()) {
                throw new IllegalStateException("Netty's native QUIC library is not available on " + System.getProperty("os.name")
                        + "/" + System.getProperty("os.arch") + ": depend on io.netty:netty-codec-native-quic with this"
                        + " platform's classifier", Quic.unavailabilityCause());
            }
            return new ReconnectingQuicClient(this);
        }

        /** The client, with its first connection attempt started; throws as {@link #build()} does. */
        public ReconnectingQuicClient connect() {
            ReconnectingQuicClient client = build();
            client.start();
            return client;
        }
    }
}
