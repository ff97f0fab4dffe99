package dev.quicregistry.websocket;

/** Why a socket of a {@link ReconnectingWebSocket} was lost: its server closed it with a code. */
public final class WebSocketClosedException extends java.io.IOException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;

    WebSocketClosedException(int statusCode, String reason) {
        super("WebSocket closed by the server with status " + statusCode + (reason.isEmpty() ? "" : " (" + reason + ")"));
        this.statusCode = statusCode;
    }

    /** The close code the server sent (1006: none, the connection broke). */
    public int statusCode() {
        return statusCode;
    }
}
