package dev.quicregistry.netty.client;

import java.io.IOException;

/**
 * Why a {@link ReconnectingQuicClient} let go of a QUIC connection: the server closed it (with the
 * error code and reason it sent), it timed out idle, or it failed. The cause of the
 * {@code Reconnecting} state that follows.
 */
public final class QuicConnectionLostException extends IOException {

    private static final long serialVersionUID = 1L;

    QuicConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
