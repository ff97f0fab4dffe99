package dev.quicregistry.reconnect;

import java.io.IOException;

/**
 * The peer sent this client elsewhere: it closed the connection, or refused the attempt, because it
 * is going away (a server that drains). A {@link Reconnector} does not count it as a failure: it
 * dials again at once, without a backoff step (a binding's locator prefers another endpoint).
 */
public final class PeerGoingAwayException extends IOException {

    private static final long serialVersionUID = 1L;

    /** {@code message} says which peer and how it sent the client away. */
    public PeerGoingAwayException(String message) {
        super(message);
    }
}
