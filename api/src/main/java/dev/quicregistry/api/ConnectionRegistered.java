package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/**
 * A connection id was registered with its first transport.
 *
 * @param id the id
 * @param transport its transport
 */
public record ConnectionRegistered(ConnectionId id, Object transport) implements RegistryEvent {

    /** Validates. */
    public ConnectionRegistered {
        Arguments.notNull(id, "id");
        Arguments.notNull(transport, "transport");
    }
}
