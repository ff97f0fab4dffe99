package dev.quicregistry.websocket;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.Secrets;
import dev.quicregistry.reconnect.BackoffPolicy;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.DaemonScheduler;
import dev.quicregistry.reconnect.ExponentialBackoff;
import dev.quicregistry.reconnect.ReconnectingClient;
import dev.quicregistry.reconnect.Reconnector;
import dev.quicregistry.reconnect.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * A WebSocket client that stays one connection, under one {@link ConnectionId}, while its socket
 * is replaced: on {@link java.net.http.WebSocket} of the JDK, driven by a {@link Reconnector}.
 * Messages sent while it reconnects wait in a bounded queue and go out, in order, once it is
 * back; the application's {@link MessageListener} stays attached throughout.
 *
 * <p>Invariants: every socket has its own {@link SocketListener}, kept in {@code sockets} from its
 * connect until the reconnector lets go of it; every loss signal of a socket (error, close frame,
 * ping timeout, failed write, explicit report) goes to the reconnector, which acts on the first for
 * the live socket only; {@code closing} is set before the reconnector is closed, so the client's own
 * close is never taken for a loss.
 */
public final class ReconnectingWebSocket extends ReconnectingClient<WebSocket> {

    private final URI uri;
    private final ConnectionRegistry registry;
    private final ConnectionId id;
    private final MessageListener listener;
    private final HttpClient httpClient;
    private final Duration connectTimeout;
    private final Map<String, String> headers;
    private final Optional<Duration> pingInterval;
    private final Duration pingTimeout;
    private final IntPredicate reconnectOnClose;
    private final Duration closeTimeout;
    private final Scheduler scheduler;
    private final Optional<DaemonScheduler> ownedScheduler;
    private final SendQueue sendQueue;
    private final int maxMessageSize;
    private final Reconnector<WebSocket> reconnector;
    private final ConcurrentHashMap<WebSocket, SocketListener> sockets = new ConcurrentHashMap<>();
    private final AtomicLong pings = new AtomicLong();
    private volatile boolean closing;

    private ReconnectingWebSocket(Builder builder) {
        super(builder.registry, WebSocket.class);
        this.uri = builder.uri;
        this.registry = builder.registry;
        this.id = builder.id;
        this.listener = builder.listener;
        this.httpClient = builder.httpClient != null ? builder.httpClient : SharedHttpClient.INSTANCE;
        this.connectTimeout = builder.connectTimeout;
        this.headers = Map.copyOf(builder.headers);
        this.pingInterval = Optional.ofNullable(builder.pingInterval);
        this.pingTimeout = builder.pingTimeout;
        this.reconnectOnClose = builder.reconnectOnClose;
        this.closeTimeout = builder.closeTimeout;
        this.ownedScheduler = builder.scheduler == null
                ? Optional.of(new DaemonScheduler("quic-registry-websocket-" + id))
                : Optional.empty();
        this.scheduler = builder.scheduler != null ? builder.scheduler : ownedScheduler.orElseThrow();
        this.maxMessageSize = builder.maxMessageSize;
        this.sendQueue = new SendQueue(id.value(), builder.sendQueueCapacity, builder.maxSendAttempts, this::socketLost);
        this.reconnector = Reconnector.builder(registry, id, this::connectOnce)
                .backoff(builder.backoff).scheduler(scheduler).transportCloser(this::release)
                .stateListener(this::onState).build();
        reconnector.closed().thenAccept(this::onClosed);
    }

    /** A builder for a client of {@code uri} (ws:// or wss://) that registers its socket in {@code registry}. */
    public static Builder builder(URI uri, ConnectionRegistry registry) {
        return new Builder(uri, registry);
    }

    /**
     * Queues a text message; the stage completes when it has been written to a socket. Fails at once
     * with {@link SendQueueFullException} when {@code sendQueueCapacity} messages are waiting, and with
     * {@link IllegalStateException} once closed.
     */
    public CompletableFuture<Void> sendText(CharSequence message) {
        Objects.requireNonNull(message, "message must not be null");
        return sendQueue.offerText(message.toString());
    }

    /** Queues a binary message (copied at once); otherwise as {@link #sendText}. */
    public CompletableFuture<Void> sendBinary(ByteBuffer message) {
        Objects.requireNonNull(message, "message must not be null");
        return sendQueue.offerBinary(message);
    }

    /** Messages waiting to be written, including one being written now. */
    public int queuedMessages() {
        return sendQueue.size();
    }

    /**
     * Reports that {@code socket} is broken (e.g. the application's own heartbeat failed): it is
     * aborted and replaced, once, however many reports arrive. Ignored for a socket that is not live.
     */
    public void reportLost(WebSocket socket, Throwable cause) {
        socketLost(socket, cause);
    }

    /**
     * Closes for good: no reconnection after this, waiting messages fail, the socket is closed with
     * 1000 (aborted if the server has not answered within {@code closeTimeout}), the id is
     * unregistered, and the client's own scheduler thread ends. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        reconnector.close();
        ownedScheduler.ifPresent(DaemonScheduler::close);
    }

    @Override
    protected Reconnector<WebSocket> reconnector() {
        return reconnector;
    }

    @Override
    public String toString() {
        return "ReconnectingWebSocket[" + id + " -> " + Secrets.masked(uri) + ", " + state() + "]";
    }

    MessageListener listener() {
        return listener;
    }

    /** The listener of a socket this client holds now; empty once let go of. */
    Optional<SocketListener> socketListener(WebSocket socket) {
        return Optional.ofNullable(sockets.get(socket));
    }

    void serverClosed(WebSocket socket, int statusCode, String reason) {
        sendQueue.disconnected(socket);
        if (closing) {
            return;
        }
        if (reconnectOnClose.test(statusCode)) {
            onOwnThread(() -> reconnector.transportLost(socket, new WebSocketClosedException(statusCode, reason)));
        } else {
            onOwnThread(() -> reconnector.transportEnded(socket, "server closed the WebSocket with status " + statusCode
                    + (reason.isEmpty() ? "" : " (" + reason + ")") + ", which does not reconnect"));
        }
    }

    /** The server sent a message past maxMessageSize: its fault, so this connection ends instead of reconnecting. */
    void messageTooBig(WebSocket socket, String detail) {
        sendQueue.disconnected(socket);
        onOwnThread(() -> reconnector.transportEnded(socket, detail));
    }

    void socketLost(WebSocket socket, Throwable cause) {
        sendQueue.disconnected(socket);
        onOwnThread(() -> reconnector.transportLost(socket, cause));
    }

    /**
     * Hands a signal from the JDK's threads (the HttpClient's executor, shared by every socket of
     * that client) or from the application to this client's own scheduler thread, where the
     * reconnector then runs state listeners and registry events; where that thread has stopped (the
     * client closed), the reconnector ignores the signal, so it runs where it is.
     */
    private void onOwnThread(Runnable signal) {
        try {
            scheduler.schedule(Duration.ZERO, signal);
        } catch (RejectedExecutionException stopped) {
            signal.run();
        }
    }

    void pingTimedOut(WebSocket socket) {
        socketLost(socket, new PingTimeoutException(pingTimeout));
    }

    private CompletionStage<WebSocket> connectOnce() {
        SocketListener socketListener = new SocketListener(this, maxMessageSize);
        WebSocket.Builder builder = httpClient.newWebSocketBuilder().connectTimeout(connectTimeout);
        headers.forEach(builder::header);
        CompletableFuture<WebSocket> handedOver = new CompletableFuture<>();
        builder.buildAsync(uri, socketListener).whenComplete((socket, failure) -> onOwnThread(() -> {
            if (failure != null) {
                handedOver.completeExceptionally(failure);
                return;
            }
            sockets.put(socket, socketListener);
            if (!handedOver.complete(socket)) {
                socket.abort();
            }
        }));
        return handedOver;
    }

    private void onState(ConnectionState state) {
        if (state instanceof ConnectionState.Connected) {
            reconnector.transport().ifPresent(socket -> {
                sendQueue.connected(socket);
                pingInterval.ifPresent(interval -> scheduler.schedule(interval, () -> ping(socket)));
            });
        }
    }

    private void ping(WebSocket socket) {
        Optional<SocketListener> socketListener = socketListener(socket);
        if (socketListener.isEmpty() || !reconnector.transport().map(live -> live == socket).orElse(false)) {
            return; // this socket is gone: its ping chain ends
        }
        long number = pings.incrementAndGet();
        try {
            socket.sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, number))
                    .whenComplete((sent, failure) -> {
                        if (failure != null) {
                            socketLost(socket, failure);
                        }
                    });
        } catch (RuntimeException e) {
            socketLost(socket, e);
            return;
        }
        scheduler.schedule(pingTimeout, () -> {
            if (socketListener.get().lastPong() < number) {
                pingTimedOut(socket);
            } else {
                pingInterval.ifPresent(interval -> scheduler.schedule(interval, () -> ping(socket)));
            }
        });
    }

    private void release(WebSocket socket) {
        SocketListener socketListener = sockets.remove(socket);
        sendQueue.disconnected(socket);
        if (socketListener != null && socketListener.closeSent()) {
            // this client closed it (1009): give the server's close frame the close timeout to arrive
            socketListener.ended.completeOnTimeout(null, closeTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .thenRun(socket::abort);
        } else if (closing && !socket.isOutputClosed() && socketListener != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((sent, failure) -> {
                if (failure != null) {
                    socket.abort();
                }
            });
            socketListener.ended.completeOnTimeout(null, closeTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .thenRun(socket::abort);
        } else {
            socket.abort();
        }
    }

    private void onClosed(ConnectionState.Closed closed) {
        sendQueue.close(new IllegalStateException("connection '" + id + "' closed (" + closed.reason() + "): "
                + closed.detail() + "; the message was not sent"));
        ownedScheduler.ifPresent(owned -> owned.shutdown(Duration.ZERO));
    }

    /** One HttpClient for every client built without one, so each does not bring its own selector thread. */
    private static final class SharedHttpClient {
        static final HttpClient INSTANCE = HttpClient.newHttpClient();
    }

    /**
     * Configures a {@link ReconnectingWebSocket}. Defaults: a random id, a listener that ignores
     * messages, a shared {@link HttpClient}, connectTimeout 10 s, {@link ExponentialBackoff#defaults()},
     * sendQueueCapacity 1024, maxSendAttempts 3, maxMessageSize 1 MiB, a ping every 30 s answered within 10 s,
     * {@link CloseCodes#reconnectsByDefault},
     * closeTimeout 5 s,
     * and a scheduler thread of its own.
     */
    public static final class Builder {
        private final URI uri;
        private final ConnectionRegistry registry;
        private ConnectionId id = ConnectionId.random();
        private MessageListener listener = new MessageListener() { };
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private BackoffPolicy backoff = ExponentialBackoff.defaults();
        private int sendQueueCapacity = 1024;
        private int maxSendAttempts = 3;
        private int maxMessageSize = 1024 * 1024;
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pingTimeout = Duration.ofSeconds(10);
        private IntPredicate reconnectOnClose = CloseCodes::reconnectsByDefault;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Scheduler scheduler;

        private Builder(URI uri, ConnectionRegistry registry) {
            this.uri = Objects.requireNonNull(uri, "uri must not be null");
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
            String scheme = uri.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("uri=" + Secrets.masked(uri) + " is not a WebSocket URI (ws:// or wss://)");
            }
        }

        /** The stable id to register the socket under. */
        public Builder id(ConnectionId id) {
            this.id = Objects.requireNonNull(id, "id must not be null");
            return this;
        }

        /** The application's listener of whole messages, kept across reconnections. */
        public Builder listener(MessageListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /** The HTTP client that opens the sockets. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient must not be null");
            return this;
        }

        /** The bound of one opening handshake; a handshake that takes longer is a failed attempt. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Arguments.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** A header of every opening handshake (e.g. an authorization token). */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name must not be null"), Objects.requireNonNull(value, "value must not be null"));
            return this;
        }

        /** When to retry after a loss or a failed attempt, and when to give up. */
        public Builder backoff(BackoffPolicy backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
            return this;
        }

        /**
         * The largest message taken from the server, in characters (text) or bytes (binary); default
         * 1 MiB. A larger one is the server's fault: the socket is closed with 1009 and the connection
         * ends (state {@code Closed}, reason {@code ENDED_BY_PEER}) instead of reconnecting into it again.
         */
        public Builder maxMessageSize(int maxMessageSize) {
            Arguments.atLeast(maxMessageSize, 1, "maxMessageSize");
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /**
         * How often one message is sent on a socket that then fails before the message fails alone
         * (its future completes exceptionally) and the next one goes; default 3.
         */
        public Builder maxSendAttempts(int maxSendAttempts) {
            Arguments.atLeast(maxSendAttempts, 1, "maxSendAttempts");
            this.maxSendAttempts = maxSendAttempts;
            return this;
        }

        /** How many messages may wait to be sent; past it, sends fail at once. At least 1. */
        public Builder sendQueueCapacity(int sendQueueCapacity) {
            Arguments.atLeast(sendQueueCapacity, 1, "sendQueueCapacity");
            this.sendQueueCapacity = sendQueueCapacity;
            return this;
        }

        /**
         * Pings the server {@code interval} after it connected and after each answered ping; a ping
         * not answered within {@code timeout} counts as a loss of the socket.
         */
        public Builder ping(Duration interval, Duration timeout) {
            this.pingInterval = Arguments.positive(interval, "pingInterval");
            this.pingTimeout = Arguments.positive(timeout, "pingTimeout");
            return this;
        }

        /**
         * No pings: only the socket's own close or error signals a loss. The JDK client does not
         * always learn that a server dropped the TCP connection, so without pings such a socket can
         * stay "connected" until the next write fails.
         */
        public Builder noPing() {
            this.pingInterval = null;
            return this;
        }

        /** Which close codes of the server reconnect (true) rather than close for good (false). */
        public Builder reconnectOnClose(IntPredicate reconnectOnClose) {
            this.reconnectOnClose = Objects.requireNonNull(reconnectOnClose, "reconnectOnClose must not be null");
            return this;
        }

        /** How long {@link ReconnectingWebSocket#close()} lets the server answer the close before aborting. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Arguments.positive(closeTimeout, "closeTimeout");
            return this;
        }

        /** Where retries and pings wait; the caller keeps owning it. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** The client, not connected yet. */
        public ReconnectingWebSocket build() {
            return new ReconnectingWebSocket(this);
        }

        /** The client, with its first connection attempt started. */
        public ReconnectingWebSocket connect() {
            ReconnectingWebSocket socket = build();
            socket.start();
            return socket;
        }
    }
}
