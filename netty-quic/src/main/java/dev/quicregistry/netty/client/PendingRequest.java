package dev.quicregistry.netty.client;

import dev.quicregistry.reconnect.ConnectionClosedException;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.PeerGoingAwayException;
import dev.quicregistry.reconnect.Reconnector;
import dev.quicregistry.support.Durations;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One {@link ReconnectingQuicClient#requestReply} until it completes: sent on the live connection,
 * or on the next one; sent again only where the server certainly did not process it
 * ({@link RequestNotProcessedException}), each time on a connection other than the one it failed
 * on, but for a stream that {@link RejectionPacing} does not let move the client (a server it has
 * just come back to, or a second move within the interval) and a stream the server's stream limit
 * did not allow yet: those are sent again on the live connection after a pause. One deadline
 * bounds it all, a stream open or not: at the deadline the stream in flight is closed and the
 * request fails with a {@link TimeoutException}.
 *
 * <p>Invariants: it is in {@code pending} from its start until it ends (the end comes before its
 * result completes, on the callback thread), so the client can
 * hand it a new connection ({@link #connectionArrived}) or fail it when closed ({@link #clientClosed});
 * {@code waiting} holds the connection it must not use (or {@link #NONE}) while it waits for one,
 * null while a try is in flight or after completion, and the one thread that takes it out
 * ({@code compareAndSet}) sends the next try; its result completes once, on the client's callback
 * thread, or on the thread that reports the client closed.
 */
final class PendingRequest {

    /** Waiting for any connection. */
    private static final Object NONE = new Object();

    private final byte[] request;
    private final int maxReplyBytes;
    private final Duration timeout;
    private final Reconnector<QuicChannel> reconnector;
    private final Consumer<Runnable> onCallbackThread;
    private final Set<PendingRequest> pending;
    private final EventLoopGroup timers;
    private final RejectionPacing rejections;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final AtomicReference<Object> waiting = new AtomicReference<>();
    private final AtomicInteger tries = new AtomicInteger();
    private volatile CompletableFuture<byte[]> inFlight;
    private volatile Throwable lastNotProcessed;
    private volatile ScheduledFuture<?> deadline;

    PendingRequest(byte[] request, int maxReplyBytes, Duration timeout, Reconnector<QuicChannel> reconnector,
                   Consumer<Runnable> onCallbackThread, Set<PendingRequest> pending, EventLoopGroup timers,
                   RejectionPacing rejections) {
        this.request = request;
        this.maxReplyBytes = maxReplyBytes;
        this.timeout = timeout;
        this.reconnector = reconnector;
        this.onCallbackThread = onCallbackThread;
        this.pending = pending;
        this.timers = timers;
        this.rejections = rejections;
    }

    /** Starts it: its deadline on {@code timers}, its first try on the live connection or the next one. */
    CompletableFuture<byte[]> start() {
        long timeoutNanos = Durations.waitNanos(timeout); // "for ever" is about 73 years, not an overflow
        pending.add(this);
        try {
            deadline = timers.next().schedule(this::timedOut, timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            pending.remove(this);
            result.completeExceptionally(closedException());
            return result;
        }
        if (reconnector.state() instanceof ConnectionState.Closed) {
            clientClosed(reconnector.state());
        } else {
            awaitConnection(NONE);
        }
        return result;
    }

    /** Waits for a connection other than {@code failed}: the live one if it is that, else the next. */
    private void awaitConnection(Object failed) {
        waiting.set(failed);
        if (ended()) { // ended meanwhile: end() may have cleared the wait before it was set
            waiting.set(null);
            return;
        }
        Optional<QuicChannel> live = reconnector.transport(); // read after publishing the wait: a new one is not missed
        if (live.isPresent()) {
            connectionArrived(live.get());
        }
    }

    /** A connection is live now (from the client's state listener, or read by the request itself). */
    void connectionArrived(QuicChannel connection) {
        Object avoided = waiting.get();
        if (avoided != null && avoided != connection && connection.isActive() && waiting.compareAndSet(avoided, null)) {
            send(connection);
        }
    }

    private void send(QuicChannel connection) {
        tries.incrementAndGet();
        CompletableFuture<byte[]> attempt = ClientStreams.requestReply(connection, request, maxReplyBytes).toCompletableFuture();
        inFlight = attempt;
        if (ended()) {
            attempt.completeExceptionally(new TimeoutException("request ended")); // ended meanwhile: give the stream up
        }
        attempt.whenComplete((reply, failure) -> {
            if (failure == null) {
                complete(reply);
            } else if (failure instanceof RequestNotProcessedException notProcessed) {
                lastNotProcessed = notProcessed;
                if (notProcessed.getCause() instanceof ClientStreams.NoStreamCredit) {
                    tryAgainAfterAPause(); // this client has the server's stream limit in flight: one ends soon
                    return;
                }
                if (notProcessed.getCause() instanceof QuicStreamResetException && !rejections.mayMove(connection.remoteSocketAddress())) {
                    tryAgainAfterAPause(); // left this server for a rejection a moment ago: it rejects every stream
                    return;
                }
                if (notProcessed.getCause() instanceof QuicStreamResetException) {
                    // Rejected: the server drains, most likely. Move now; the connection keeps its streams
                    // under way. The locator is not told the server went away: a server may reject a
                    // stream without draining (its application may), and one that drains refuses the next
                    // handshake (CONNECTION_REFUSED), which tells the locator.
                    onCallbackThread.accept(() -> reconnector.transportDraining(connection,
                            new PeerGoingAwayException(notProcessed.getMessage())));
                }
                if (!ended()) {
                    awaitConnection(connection);
                }
            } else if (!(reconnector.state() instanceof ConnectionState.Closed)) {
                fail(failure);
            } // else the client's close cut it: the closing thread fails it (clientClosed), as documented
        });
    }

    /** Sends it again on whichever connection is live after {@link RejectionPacing#RETRY_PAUSE}, unless it ended meanwhile. */
    private void tryAgainAfterAPause() {
        try {
            timers.next().schedule(() -> {
                if (!ended()) {
                    awaitConnection(NONE);
                }
            }, RejectionPacing.RETRY_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            clientClosed(reconnector.state()); // the client's threads stop: it is closing
        }
    }

    private void timedOut() {
        TimeoutException timedOut = new TimeoutException("request to QUIC server got no reply within timeout=" + timeout + " ("
                + tries.get() + " tries" + (lastNotProcessed == null ? "" : "; the last was not processed: "
                + lastNotProcessed.getMessage()) + ")");
        if (lastNotProcessed != null) {
            timedOut.initCause(lastNotProcessed);
        }
        fail(timedOut);
        CompletableFuture<byte[]> attempt = inFlight;
        if (attempt != null) {
            attempt.completeExceptionally(timedOut); // closes its stream
        }
    }

    /** The client closed: fails with {@link ConnectionClosedException} on this thread (the callback thread may be stopping). */
    void clientClosed(ConnectionState closed) {
        if (end()) {
            result.completeExceptionally(closed instanceof ConnectionState.Closed end
                    ? new ConnectionClosedException(reconnector.id(), end) : closedException());
        }
    }

    private void complete(byte[] reply) {
        if (end()) {
            onCallbackThread.accept(() -> result.complete(reply));
        }
    }

    private void fail(Throwable cause) {
        if (end()) {
            onCallbackThread.accept(() -> result.completeExceptionally(cause));
        }
    }

    /** Takes it out of {@code pending}; whether this call did (and so completes the result). */
    private boolean end() {
        boolean ended = pending.remove(this); // first: a try about to start sees it (ended()) and gives up
        waiting.set(null);
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        return ended;
    }

    /**
     * Whether it has ended (replied, failed, timed out, client closed). Its result is completed
     * later, on the callback thread, so {@code result.isDone()} does not tell: a try started in
     * between would send a request whose caller is already told it failed.
     */
    private boolean ended() {
        return !pending.contains(this);
    }

    private ConnectionClosedException closedException() {
        ConnectionState state = reconnector.state();
        return state instanceof ConnectionState.Closed end ? new ConnectionClosedException(reconnector.id(), end)
                : new ConnectionClosedException(reconnector.id(), new ConnectionState.Closed(
                        ConnectionState.Closed.Reason.CLOSED_BY_CLIENT, "closed by the client", Optional.empty()));
    }
}
