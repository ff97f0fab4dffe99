package dev.quicregistry.websocket;

import java.time.Duration;

/** Why a socket of a {@link ReconnectingWebSocket} was lost: its server did not answer a ping in time. */
public final class PingTimeoutException extends java.io.IOException {

    private static final long serialVersionUID = 1L;

    PingTimeoutException(Duration timeout) {
        super("no pong within pingTimeout=" + timeout);
    }
}
