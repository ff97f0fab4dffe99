package dev.quicregistry.reconnect;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.ListenerList;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState.Connected;
import dev.quicregistry.reconnect.ConnectionState.Connecting;
import dev.quicregistry.reconnect.ConnectionState.Reconnecting;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps one {@link ConnectionId} connected through any transport: connects and registers the
 * transport, reconnects with a {@link BackoffPolicy} when it is lost, and swaps the new transport in
 * with {@link ConnectionRegistry#replaceTransport}, so every reconnection is exactly one
 * {@code ConnectionReplaced}. A transport binding supplies a {@link Connector} and reports losses
 * ({@link #transportLost}) or lets the reconnector watch a loss signal per transport.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every change of state, and every call into the registry, runs as one task of a
 *       {@link SerialExecutor}: one at a time, in submission order. The fields below marked
 *       "serial" are written only there; readers see them through {@code volatile}.</li>
 *   <li>Each attempt gets a new {@code generation}; an attempt result of an older generation, or
 *       one arriving after close, is stale: its transport is closed and nothing else happens.</li>
 *   <li>A loss is acted on only while {@link Connected} and only for the transport that is live
 *       ({@code ==}); so any number of loss signals for one transport, from any threads, start one
 *       reconnection. A signal that overtakes its own attempt's result (the transport died before
 *       the connect stage completed) is kept in {@code early} until that result arrives, which then
 *       counts as a failed attempt; {@code early} is emptied when the next attempt starts.</li>
 *   <li>A loss or failed attempt caused by a {@link PeerGoingAwayException} starts the next
 *       attempt at once and leaves {@code failedAttempts} as it is, at most
 *       {@link #MAX_IMMEDIATE_ATTEMPTS} times in a row; a success resets both counts.</li>
 *   <li>{@code registered} is what the registry holds under the id: registered on the first
 *       success, replaced (never unregistered) while reconnecting, unregistered exactly once on
 *       {@link Closed}. At most one retry is scheduled at a time; {@link Closed} cancels it.</li>
 *   <li>Every transport the connector produced is handed to the transport closer exactly once,
 *       when it is lost, closed with the reconnector, or arrives stale; a transport whose peer
 *       drains ({@link #transportDraining}) waits in {@code drainingTransports} (at most
 *       {@link #MAX_DRAINING_TRANSPORTS}) until it is lost or the reconnector closes.</li>
 * </ol>
 *
 * @param <T> the transport type
 */
public final class Reconnector<T> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Reconnector.class.getName());
    /**
     * Attempts in a row made at once because peers went away ({@link PeerGoingAwayException});
     * past it the backoff applies, so peers that all refuse (every one draining) are not dialed in a loop.
     */
    static final int MAX_IMMEDIATE_ATTEMPTS = 8;
    /** Transports kept open for their work after their peer began draining, at most; past it the oldest is closed. */
    static final int MAX_DRAINING_TRANSPORTS = 16;

    private final ConnectionRegistry registry;
    private final ConnectionId id;
    private final Connector<T> connector;
    private final BackoffPolicy backoff;
    private final Scheduler scheduler;
    private final Optional<DaemonScheduler> ownedScheduler;
    private final Optional<Function<? super T, ? extends CompletionStage<?>>> lossSignal;
    private final Consumer<? super T> transportCloser;
    private final Duration closeTimeout;
    private final ListenerList<Consumer<? super ConnectionState>> listeners = new ListenerList<>();
    private final SerialExecutor serial = new SerialExecutor();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private volatile ConnectionState state = new Connecting();           // serial
    private volatile T live;                                              // serial: the transport while Connected
    private volatile CompletableFuture<T> nextConnected = new CompletableFuture<>(); // serial: replaced on each success
    private T registered;                                                 // serial
    private long generation;                                              // serial
    private int failedAttempts;                                           // serial: of this outage
    private int immediateAttempts;                                        // serial: in a row, since the last success
    private Optional<Scheduler.Scheduled> pendingRetry = Optional.empty(); // serial
    private boolean started;                                              // serial
    private final Map<T, Closed> earlyEnd = new IdentityHashMap<>();      // serial: ended before its result
    private final Map<T, Throwable> earlyLoss = new IdentityHashMap<>();  // serial: lost before its result
    private final Map<T, Boolean> drainingTransports = new LinkedHashMap<>(); // serial: replaced, still finishing their work

    private Reconnector(Builder<T> builder) {
        this.registry = builder.registry;
        this.id = builder.id;
        this.connector = builder.connector;
        this.backoff = builder.backoff;
        this.ownedScheduler = builder.scheduler == null
                ? Optional.of(new DaemonScheduler("quic-registry-reconnect-" + builder.id))
                : Optional.empty();
        this.scheduler = builder.scheduler == null ? ownedScheduler.orElseThrow() : builder.scheduler;
        this.lossSignal = Optional.ofNullable(builder.lossSignal);
        this.transportCloser = builder.transportCloser;
        this.closeTimeout = builder.closeTimeout;
        builder.stateListeners.forEach(listeners::add);
    }

    /** A builder for a reconnector that keeps {@code id} connected in {@code registry} through {@code connector}. */
    public static <T> Builder<T> builder(ConnectionRegistry registry, ConnectionId id, Connector<T> connector) {
        return new Builder<>(registry, id, connector);
    }

    /** Starts the first attempt (on the calling thread); idempotent, and a no-op once closed. */
    public void start() {
        serial.execute(() -> {
            if (!started && !(state instanceof Closed)) {
                started = true;
                attempt();
            }
        });
    }

    /** The id this reconnector keeps connected. */
    public ConnectionId id() {
        return id;
    }

    /** The state now. */
    public ConnectionState state() {
        return state;
    }

    /** The live transport while {@link Connected}; empty otherwise. */
    public Optional<T> transport() {
        return state instanceof Connected ? Optional.ofNullable(live) : Optional.empty();
    }

    /**
     * Calls {@code listener} with every later state, in order, one at a time, on the thread that
     * made the change; until the registration is closed. A listener that throws is logged.
     */
    public Registration addStateListener(Consumer<? super ConnectionState> listener) {
        return listeners.add(listener)::run;
    }

    /**
     * Completes with the next transport that connects (not the current one); fails with
     * {@link ConnectionClosedException} if the reconnector closes first.
     */
    public CompletionStage<T> nextConnected() {
        return nextConnected.copy();
    }

    /** The live transport if {@link Connected} now, else {@link #nextConnected()}. */
    public CompletionStage<T> connected() {
        CompletableFuture<T> next = nextConnected; // read before state: a success in between completes it
        T now = live;
        ConnectionState current = state;
        if (current instanceof Connected && now != null) {
            return CompletableFuture.completedFuture(now);
        }
        if (current instanceof Closed) {
            return CompletableFuture.failedFuture(new ConnectionClosedException(id, (Closed) current));
        }
        return next.copy();
    }

    /**
     * Waits for {@link #connected()}.
     *
     * @throws TimeoutException when no transport connected within {@code timeout}
     * @throws ConnectionClosedException when the reconnector is, or becomes, closed
     */
    public T awaitConnected(Duration timeout) throws TimeoutException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        CompletableFuture<T> next = nextConnected; // read before state: a success in between completes it
        T now = live;
        ConnectionState current = state;
        if (current instanceof Connected && now != null) {
            return now;
        }
        if (current instanceof Closed) {
            throw new ConnectionClosedException(id, (Closed) current);
        }
        try {
            // On the shared future itself, not a copy: a wait that times out leaves nothing attached to it.
            return next.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectionClosedException) {
                throw (ConnectionClosedException) e.getCause();
            }
            throw new IllegalStateException("waiting for connection '" + id + "' failed", e.getCause());
        } catch (TimeoutException e) {
            TimeoutException timedOut = new TimeoutException("connection '" + id + "' did not connect within "
                    + timeout + "; state now: " + state);
            timedOut.initCause(e);
            throw timedOut;
        }
    }

    /** Completes with the closed state once this reconnector has closed, for any reason. */
    public CompletionStage<Closed> closed() {
        return closed.copy();
    }

    /**
     * Reports that {@code transport} is gone, from any thread, as often as any signal says so: only
     * the first report about the live transport starts a reconnection; others are ignored.
     */
    public void transportLost(T transport, Throwable cause) {
        Objects.requireNonNull(transport, "transport must not be null");
        Objects.requireNonNull(cause, "cause must not be null");
        serial.execute(() -> {
            if (state instanceof Connected && live == transport) {
                live = null;
                release(transport);
                retry(cause);
            } else if (drainingTransports.remove(transport) != null) {
                release(transport); // a draining transport has ended its work
            } else if (isAttemptUnderWay()) {
                earlyLoss.putIfAbsent(transport, cause);
            }
        });
    }

    /**
     * Reports that the peer of {@code transport} drains: it takes no new work but finishes what it
     * has. The next attempt starts as after a loss (at once for a {@link PeerGoingAwayException}),
     * but the transport is not closed: its work under way goes on, and it is handed to the
     * transport closer when it is reported lost, or when this reconnector closes. At most
     * {@value #MAX_DRAINING_TRANSPORTS} are kept so; past that the oldest is closed. Ignored unless
     * {@code transport} is the live one.
     */
    public void transportDraining(T transport, Throwable cause) {
        Objects.requireNonNull(transport, "transport must not be null");
        Objects.requireNonNull(cause, "cause must not be null");
        serial.execute(() -> {
            if (state instanceof Connected && live == transport) {
                live = null;
                drainingTransports.put(transport, Boolean.TRUE);
                if (drainingTransports.size() > MAX_DRAINING_TRANSPORTS) {
                    T oldest = drainingTransports.keySet().iterator().next();
                    drainingTransports.remove(oldest);
                    release(oldest);
                }
                retry(cause);
            }
        });
    }

    /**
     * Reports that {@code transport} ended for good and must not be replaced (e.g. its peer closed
     * it normally): closes this reconnector with {@link Closed.Reason#ENDED_BY_PEER}. Ignored unless
     * {@code transport} is the live one.
     */
    public void transportEnded(T transport, String detail) {
        Objects.requireNonNull(transport, "transport must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
        serial.execute(() -> {
            Closed end = new Closed(Closed.Reason.ENDED_BY_PEER, detail, Optional.empty());
            if (state instanceof Connected && live == transport) {
                finish(end);
            } else if (isAttemptUnderWay()) {
                earlyEnd.putIfAbsent(transport, end);
            }
        });
    }

    /**
     * Stops for good: cancels a scheduled attempt, closes the live transport, unregisters the id
     * ({@code ConnectionUnregistered}) and, if this reconnector made its own scheduler, stops its
     * thread. Idempotent. Returns once all that is done, except when called from inside this
     * reconnector's own callbacks (listeners, connector), where it is done before that callback's
     * outermost caller returns.
     */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /**
     * {@link #close()}, waiting at most {@code timeout} in all for the steps to be done (a WARNING
     * says which did not finish in time); returns false where they did not.
     */
    public boolean close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        serial.execute(() -> finish(new Closed(Closed.Reason.CLOSED_BY_CLIENT, "closed by the client", Optional.empty())));
        if (serial.isRunningOnCurrentThread()) {
            return true; // inside one of its own callbacks: done before that callback's outermost caller returns
        }
        try {
            closed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, () -> this + ": close did not finish within " + timeout
                    + " (another thread is still running this reconnector's task); returning anyway");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        return ownedScheduler.map(owned -> owned.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))))
                .orElse(true);
    }

    /** How many waits are attached to the future the next connection completes (for tests: none stay after a timed-out wait). */
    int waitersForNextConnection() {
        return nextConnected.getNumberOfDependents();
    }

    @Override
    public String toString() {
        return "Reconnector[" + id + ", " + state + "]";
    }

    // ---- serial tasks: everything below runs inside the SerialExecutor ----

    private boolean isAttemptUnderWay() {
        ConnectionState now = state;
        return started && pendingRetry.isEmpty() && (now instanceof Connecting || now instanceof Reconnecting);
    }

    private void attempt() {
        long attemptGeneration = ++generation;
        pendingRetry = Optional.empty();
        earlyLoss.clear();
        earlyEnd.clear();
        CompletionStage<T> result;
        try {
            result = Objects.requireNonNull(connector.connect(), "connector returned null instead of a stage");
        } catch (Exception e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((transport, failure) ->
                serial.execute(() -> onAttemptResult(attemptGeneration, transport, failure)));
    }

    private void onAttemptResult(long attemptGeneration, T transport, Throwable failure) {
        if (state instanceof Closed || attemptGeneration != generation) {
            if (transport != null) {
                release(transport);
            }
            return;
        }
        if (failure != null || transport == null) {
            retry(failure == null ? new IllegalStateException("connector completed without a transport") : unwrap(failure));
            return;
        }
        Closed endedEarly = earlyEnd.remove(transport);
        Throwable lostEarly = earlyLoss.remove(transport);
        if (endedEarly != null || lostEarly != null) {
            release(transport);
            if (endedEarly != null) {
                finish(endedEarly);
            } else {
                retry(lostEarly);
            }
            return;
        }
        failedAttempts = 0;
        immediateAttempts = 0;
        T previous = registered;
        registered = transport;
        // The registry first: whoever sees Connected (state, transport(), connected()) finds the id
        // already mapped to the new transport and its ConnectionReplaced already delivered.
        // A replacement when an id was registered before; if someone unregistered it meanwhile, register again.
        if (previous == null || !registry.replaceTransport(id, transport)) {
            registry.register(id, transport);
        }
        live = transport;
        state = new Connected();
        notifyListeners(state);
        CompletableFuture<T> waiting = nextConnected;
        nextConnected = new CompletableFuture<>();
        waiting.complete(transport);
        lossSignal.ifPresent(signal -> watch(signal, transport));
    }

    private void watch(Function<? super T, ? extends CompletionStage<?>> signal, T transport) {
        CompletionStage<?> loss;
        try {
            loss = Objects.requireNonNull(signal.apply(transport), "loss signal returned null instead of a stage");
        } catch (RuntimeException e) {
            loss = CompletableFuture.failedFuture(e);
        }
        loss.whenComplete((ignored, failure) -> transportLost(transport, failure != null ? unwrap(failure)
                : new IllegalStateException("transport of connection '" + id + "' closed")));
    }

    private void retry(Throwable cause) {
        if (cause instanceof PeerGoingAwayException && immediateAttempts < MAX_IMMEDIATE_ATTEMPTS) {
            immediateAttempts++; // sent elsewhere: not a failure, no backoff step used up
            state = new Reconnecting(failedAttempts + 1, Duration.ZERO, cause);
            notifyListeners(state);
            attempt();
            return;
        }
        int attempt = ++failedAttempts;
        Optional<Duration> delay;
        try {
            delay = backoff.delayBefore(attempt);
        } catch (RuntimeException e) {
            e.addSuppressed(cause);
            finish(new Closed(Closed.Reason.ATTEMPTS_EXHAUSTED, "backoff policy " + backoff + " failed before attempt "
                    + attempt + ": " + e, Optional.of(e)));
            return;
        }
        if (delay.isEmpty()) {
            finish(new Closed(Closed.Reason.ATTEMPTS_EXHAUSTED, "backoff policy " + backoff + " gave up after "
                    + (attempt - 1) + " reconnection attempts; last failure: " + cause, Optional.of(cause)));
            return;
        }
        state = new Reconnecting(attempt, delay.get(), cause);
        notifyListeners(state);
        long scheduledGeneration = generation;
        pendingRetry = Optional.of(scheduler.schedule(delay.get(), () -> serial.execute(() -> {
            if (!(state instanceof Closed) && generation == scheduledGeneration) {
                attempt();
            }
        })));
    }

    private void finish(Closed end) {
        if (state instanceof Closed) {
            return;
        }
        generation++;
        pendingRetry.ifPresent(Scheduler.Scheduled::cancel);
        pendingRetry = Optional.empty();
        earlyLoss.clear();
        earlyEnd.clear();
        T wasLive = live;
        T wasRegistered = registered;
        live = null;
        registered = null;
        state = end;
        if (wasRegistered != null) {
            // compare-and-remove: someone else may have registered another transport under the id since
            registry.unregister(id, wasRegistered);
        }
        if (wasLive != null) {
            release(wasLive);
        }
        drainingTransports.keySet().forEach(this::release);
        drainingTransports.clear();
        notifyListeners(end);
        nextConnected.completeExceptionally(new ConnectionClosedException(id, end));
        closed.complete(end);
        ownedScheduler.ifPresent(owned -> owned.shutdown(Duration.ZERO));
        LOG.log(end.reason() == Closed.Reason.CLOSED_BY_CLIENT ? Level.DEBUG : Level.INFO,
                () -> "connection '" + id + "' closed: " + end.detail());
    }

    private void release(T transport) {
        try {
            transportCloser.accept(transport);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "closing transport " + transport + " of connection '" + id + "' failed", e);
        }
    }

    private void notifyListeners(ConnectionState now) {
        listeners.forEach(listener -> listener.accept(now), (listener, failure) -> LOG.log(Level.WARNING,
                () -> "state listener " + listener + " of connection '" + id + "' threw on " + now + "; ignored", failure));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Configures a {@link Reconnector}. Only the registry, id and connector are required; the
     * defaults are {@link ExponentialBackoff#defaults()}, a {@link DaemonScheduler} of its own,
     * no loss signal (the binding calls {@link #transportLost}) and a transport closer that does nothing.
     *
     * @param <T> the transport type
     */
    public static final class Builder<T> {
        private final ConnectionRegistry registry;
        private final ConnectionId id;
        private final Connector<T> connector;
        private BackoffPolicy backoff = ExponentialBackoff.defaults();
        private Scheduler scheduler;
        private Function<? super T, ? extends CompletionStage<?>> lossSignal;
        private Consumer<? super T> transportCloser = transport -> { };
        private Duration closeTimeout = Duration.ofSeconds(5);
        private final java.util.List<Consumer<? super ConnectionState>> stateListeners = new java.util.ArrayList<>();

        private Builder(ConnectionRegistry registry, ConnectionId id, Connector<T> connector) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
            this.id = Objects.requireNonNull(id, "id must not be null");
            this.connector = Objects.requireNonNull(connector, "connector must not be null");
        }

        /** How long to wait before each attempt, and when to give up. */
        public Builder<T> backoff(BackoffPolicy backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
            return this;
        }

        /** Where retries wait; the caller keeps owning it (it is not shut down on close). */
        public Builder<T> scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * A stage per transport that completes (either way) when that transport is gone, e.g. a
         * channel's close future; it counts as {@link Reconnector#transportLost}.
         */
        public Builder<T> lossSignal(Function<? super T, ? extends CompletionStage<?>> lossSignal) {
            this.lossSignal = Objects.requireNonNull(lossSignal, "lossSignal must not be null");
            return this;
        }

        /** Closes a transport the reconnector lets go of (lost, stale, or at close); must not block. */
        public Builder<T> transportCloser(Consumer<? super T> transportCloser) {
            this.transportCloser = Objects.requireNonNull(transportCloser, "transportCloser must not be null");
            return this;
        }

        /** How long {@link Reconnector#close()} waits in all; default 5 s. */
        public Builder<T> closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Arguments.positive(closeTimeout, "closeTimeout");
            return this;
        }

        /** A state listener attached before the first attempt, so it sees every state. */
        public Builder<T> stateListener(Consumer<? super ConnectionState> listener) {
            stateListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /** The reconnector, not started. */
        public Reconnector<T> build() {
            return new Reconnector<>(this);
        }

        /** The reconnector, with its first attempt started. */
        public Reconnector<T> start() {
            Reconnector<T> reconnector = build();
            reconnector.start();
            return reconnector;
        }
    }
}
