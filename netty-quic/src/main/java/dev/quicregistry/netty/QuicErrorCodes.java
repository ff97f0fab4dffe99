package dev.quicregistry.netty;

import java.util.OptionalLong;

/**
 * The QUIC application error codes this binding sends and understands (RFC 9000 §20.2 leaves
 * their meaning to the application; {@code 0x5152_xxxx} is "QR" and stays clear of HTTP/3's range).
 * A client of another make that wants to follow a server's drain reads them as described here.
 */
public final class QuicErrorCodes {

    /**
     * A connection closed with it (CONNECTION_CLOSE of type 0x1d): the server is going away
     * (draining) and the client should connect again at once, preferably elsewhere. Its reason
     * ({@link #goingAwayReason}) names the last stream the server let through to the application,
     * as HTTP/3's GOAWAY does: a request on a stream above it was never processed and may be sent
     * again; one on a stream at or below it may have been, even without a reply (a lost packet).
     */
    public static final int GOING_AWAY = 0x5152_0001;

    /**
     * A stream reset (RESET_STREAM and STOP_SENDING) with it was rejected before any byte of it
     * reached the application: not processed, safe to retry elsewhere.
     */
    public static final int REQUEST_REJECTED = 0x5152_0002;

    /**
     * A stream reset with it carried a request the server refused or failed on (too long, or the
     * application's reply failed): sending it again gets the same answer.
     */
    public static final int REQUEST_FAILED = 0x5152_0003;

    /** Why a {@link #GOING_AWAY} close came: the connection had no stream open at the server. */
    public static final String DRAINED_REASON = "drained";

    /** Why a {@link #GOING_AWAY} close came: the drain's deadline passed; streams open then were cut. */
    public static final String DEADLINE_REASON = "drain deadline";

    /**
     * Why a CONNECTION_REFUSED close came from a server that drains: it refuses a connection whose
     * handshake had not ended on its side, and rejects every stream from the drain's start, so no
     * stream of that connection reached its application.
     */
    public static final String DRAINING_REASON = "server draining";

    /**
     * Why a CONNECTION_REFUSED close came from a server at one of its limits (connections, handshakes
     * per address, a flood of handshakes): the server is not going away, and a client tries it
     * again after its backoff ({@link #isLimitRefusal}).
     */
    public static final String MAX_CONNECTIONS_REASON = "max-connections reached";
    /** See {@link #MAX_CONNECTIONS_REASON}. */
    public static final String MAX_CONNECTIONS_PER_ADDRESS_REASON = "max-connections-per-address reached";
    /** See {@link #MAX_CONNECTIONS_REASON}. */
    public static final String MAX_HANDSHAKES_PER_ADDRESS_REASON = "max-handshakes-per-address reached";
    /** See {@link #MAX_CONNECTIONS_REASON}; a longer reason may follow it. */
    public static final String TOO_MANY_HANDSHAKES_REASON = "too many handshakes";

    private static final String LAST_STREAM = "; last stream ";
    private static final String NO_STREAM = "; no stream";

    private QuicErrorCodes() {
    }

    /** Whether a CONNECTION_REFUSED with {@code reason} came from a server at one of its limits, not one going away. */
    public static boolean isLimitRefusal(String reason) {
        return reason.equals(MAX_CONNECTIONS_REASON) || reason.equals(MAX_CONNECTIONS_PER_ADDRESS_REASON)
                || reason.equals(MAX_HANDSHAKES_PER_ADDRESS_REASON) || reason.startsWith(TOO_MANY_HANDSHAKES_REASON);
    }

    /**
     * The reason of a {@link #GOING_AWAY} close: {@code why} ({@link #DRAINED_REASON} or
     * {@link #DEADLINE_REASON}) and the id of the last stream of the peer's that reached the
     * application ({@code "drained; last stream 8"}), or {@code "; no stream"} where none did ({@code lastStream < 0}).
     */
    public static String goingAwayReason(String why, long lastStream) {
        return why + (lastStream < 0 ? NO_STREAM : LAST_STREAM + lastStream);
    }

    /**
     * The last stream a {@link #GOING_AWAY} reason names: -1 for "no stream"; empty where the
     * reason has no such part (a server of another make), then no stream is known to be unprocessed.
     */
    public static OptionalLong lastStreamOf(String reason) {
        if (reason.endsWith(NO_STREAM)) {
            return OptionalLong.of(-1);
        }
        int at = reason.lastIndexOf(LAST_STREAM);
        if (at < 0) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(reason.substring(at + LAST_STREAM.length()));
            return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
        } catch (NumberFormatException notAStreamId) {
            return OptionalLong.empty();
        }
    }
}
