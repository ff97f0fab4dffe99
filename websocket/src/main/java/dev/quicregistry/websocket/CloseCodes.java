package dev.quicregistry.websocket;

/**
 * Which close codes of a server (RFC 6455, section 7.4.1) make a {@link ReconnectingWebSocket}
 * reconnect. A code that says the conversation is over, or that this client is at fault, is final;
 * a code that says the server or the network went away reconnects.
 */
public final class CloseCodes {

    /** 1000: the server ended the conversation on purpose. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: the server is going away (shutting down, restarting). */
    public static final int GOING_AWAY = 1001;
    /** 1006: no close frame at all; the connection broke. Never sent on the wire. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1009: a message was larger than the receiver takes (final by default when a server sends it). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /**
     * 4009: what this client sends when a server's message passes maxMessageSize, with the reason
     * {@code "1009 message too big: ..."}: the JDK's WebSocket sends only 1000 and 3000-4999, not 1009.
     */
    public static final int MESSAGE_TOO_BIG_SENT = 4009;

    private CloseCodes() {
    }

    /**
     * The default rule: final for 1000 (normal closure), 1002 (protocol error), 1003 (unsupported
     * data), 1007 (invalid payload), 1008 (policy violation), 1009 (message too big) and 1010
     * (missing extension), as reconnecting cannot change those outcomes; reconnect on every other
     * code, e.g. 1001 (going away), 1006 (abnormal), 1011 (server error), 1012 (restart),
     * 1013 (try again later), 1014 (bad gateway) and application codes 3000-4999.
     */
    public static boolean reconnectsByDefault(int code) {
        return switch (code) {
            case 1000, 1002, 1003, 1007, 1008, 1009, 1010 -> false;
            default -> true;
        };
    }
}
