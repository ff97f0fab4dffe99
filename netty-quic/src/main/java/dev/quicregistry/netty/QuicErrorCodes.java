package dev.quicregistry.netty;

/**
 * The QUIC application error codes this binding sends and understands (RFC 9000 §20.2 leaves
 * their meaning to the application; {@code 0x5152_xxxx} is "QR" and stays clear of HTTP/3's range).
 * A client of another make that wants to follow a server's drain reads them as described here.
 */
public final class QuicErrorCodes {

    /**
     * A connection closed with it (CONNECTION_CLOSE of type 0x1d): the server is going away
     * (draining) and the client should connect again at once, preferably elsewhere. With the
     * reason {@link #DRAINED_REASON} no stream of the connection was open at the server when it
     * closed: a request without a reply was never processed and may be sent again.
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

    /**
     * The reason of a {@link #GOING_AWAY} close of a connection that had no stream open at the
     * server; a close at a drain's deadline, with streams cut, says {@link #DEADLINE_REASON}.
     */
    public static final String DRAINED_REASON = "drained";

    /** The reason of a {@link #GOING_AWAY} close at a drain's deadline: streams open then were cut. */
    public static final String DEADLINE_REASON = "drain deadline";

    private QuicErrorCodes() {
    }
}
