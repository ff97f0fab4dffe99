package dev.quicregistry.websocket;

import java.nio.ByteBuffer;

/**
 * Receives the whole messages of a {@link ReconnectingWebSocket}, across all its reconnections:
 * the application's one listener, attached once. Calls for one socket come one at a time, in
 * order; partial frames are assembled before the call.
 */
public interface MessageListener {

    /** A complete text message. */
    default void onText(ReconnectingWebSocket socket, String message) {
    }

    /** A complete binary message; the buffer is the listener's own. */
    default void onBinary(ReconnectingWebSocket socket, ByteBuffer message) {
    }
}
