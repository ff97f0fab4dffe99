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
 * {@link #MOVE_INTERVAL} ago (the client came back to a server that rejects again), or two moves
 * were made in that interval already (servers that all reject, taken in turn): then the request is
 * sent again on the live connection after {@link #RETRY_PAUSE}. So servers that reject every stream
 * cost each client at most two handshakes a second, while a rejection from the next server of a
 * rolling restart still moves the client at once.
 *
 * <p>Invariant: {@code moves} holds the last two moves allowed (the server moved away from, and
 * when); of rejections racing for a move, one wins it ({@code compareAndSet}).
 */
final class RejectionPacing {

    /** The shortest time between two moves away from the same server that rejections cause. */
    static final Duration MOVE_INTERVAL = Duration.ofSeconds(1);
    /** How long a request that does not move waits before its next try. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private record Move(SocketAddress from, long atNanos) { }

    /** The last two moves allowed, the last first; null where none yet. */
    private record Moves(Move last, Move beforeLast) { }

    private final AtomicReference<Moves> moves = new AtomicReference<>(new Moves(null, null));

    /** Whether a rejection by the server at {@code from} moves the client now. */
    boolean mayMove(SocketAddress from) {
        long now = System.nanoTime();
        Moves before = moves.get();
        boolean cameBackToIt = before.last() != null && Objects.equals(before.last().from(), from) && within(before.last(), now);
        // two moves in the last interval already: servers that all reject (a cluster shedding load) are taken in turn
        boolean twoAlready = before.beforeLast() != null && within(before.beforeLast(), now);
        return !cameBackToIt && !twoAlready && moves.compareAndSet(before, new Moves(new Move(from, now), before.last()));
    }

    private static boolean within(Move move, long now) {
        return now - move.atNanos() < MOVE_INTERVAL.toNanos();
    }
}
