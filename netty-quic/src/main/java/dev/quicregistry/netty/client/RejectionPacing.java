package dev.quicregistry.netty.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often a client moves to a new connection because its server rejected a stream
 * (REQUEST_REJECTED). A server that drains rejects every new stream and will refuse the next
 * handshake; one that sheds load may reject any stream and accept the next handshake. A rejection
 * moves the client at once, at most once per {@link #MOVE_INTERVAL}; within it, the request is
 * sent again on the live connection after {@link #RETRY_PAUSE}. So a server that rejects every
 * stream costs each client at most one handshake a second, not one per rejection.
 *
 * <p>Invariant: {@code lastMove} is the {@link System#nanoTime} of the last move allowed; of
 * rejections racing for a move, one wins it ({@code compareAndSet}).
 */
final class RejectionPacing {

    /** The shortest time between two moves that rejections cause. */
    static final Duration MOVE_INTERVAL = Duration.ofSeconds(1);
    /** How long a request rejected within {@link #MOVE_INTERVAL} of a move waits before its next try. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final AtomicLong lastMove = new AtomicLong(System.nanoTime() - MOVE_INTERVAL.toNanos());

    /** Whether this rejection moves the client: true at most once per {@link #MOVE_INTERVAL}. */
    boolean mayMove() {
        long now = System.nanoTime();
        long last = lastMove.get();
        return now - last >= MOVE_INTERVAL.toNanos() && lastMove.compareAndSet(last, now);
    }
}
