package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;
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

    /** The text's hash: written out, because ids are map keys on every read and the generated one goes through method handles. */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Equal to an id of the same text. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionId id && value.equals(id.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
