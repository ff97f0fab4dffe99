package dev.quicregistry.netty.client;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How often a client moves to a new connection because its server rejected a stream
 * (REQUEST_REJECTED). A server that drains rejects every new stream and refuses the next
 * handshake; one that sheds load may reject any stream and accept the next handshake. A rejection
 * moves the client at once, unless the last move was away from the same server less than
 * {@link #MOVE_INTERVAL} ago: then the client came back to a server that rejects again (it sheds
 * load), and the request is sent again on the live connection after {@link #RETRY_PAUSE}. So a
 * server that rejects every stream costs each client at most one handshake a second, while a
 * rejection from another server (the next one of a rolling restart) still moves the client at once.
 *
 * <p>Invariant: {@code last} is the last move allowed (the server moved away from, and when); of
 * rejections racing for a move, one wins it ({@code compareAndSet}).
 */
final class RejectionPacing {

    /** The shortest time between two moves away from the same server that rejections cause. */
    static final Duration MOVE_INTERVAL = Duration.ofSeconds(1);
    /** How long a request that does not move waits before its next try. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private record Move(SocketAddress from, long atNanos) { }

    private final AtomicReference<Move> last = new AtomicReference<>();

    /** Whether a rejection by the server at {@code from} moves the client now. */
    boolean mayMove(SocketAddress from) {
        long now = System.nanoTime();
        Move previous = last.get();
        boolean recentlyLeftIt = previous != null && Objects.equals(previous.from(), from) && now - previous.atNanos() < MOVE_INTERVAL.toNanos();
        return !recentlyLeftIt && last.compareAndSet(previous, new Move(from, now));
    }
}
