package dev.quicregistry.api;

import dev.quicregistry.api.support.Arguments;
import java.util.UUID;

/**
 * A stable connection identity that outlives its transports: callers keep the id (or a
 * {@link ConnectionHandle}) while reconnection swaps the transport behind it.
 *
 * @param value the id's text, not blank
 */
public record ConnectionId(String value) {

    /** Validates. */
    public ConnectionId {
        Arguments.notNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("connection id '" + value + "' is blank: expected a non-blank id");
        }
    }

    /** The id with the given text. */
    public static ConnectionId of(String value) {
        return new ConnectionId(value);
    }

    /** A new random (type 4 UUID) id. */
    public static ConnectionId random() {
        return new ConnectionId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
