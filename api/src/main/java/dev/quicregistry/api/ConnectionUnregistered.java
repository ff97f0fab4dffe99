package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/**
 * A connection id was removed.
 *
 * @param id the id
 * @param transport the transport it had when removed
 */
public record ConnectionUnregistered(ConnectionId id, Object transport) implements RegistryEvent {

    /** Validates. */
    public ConnectionUnregistered {
        Arguments.notNull(id, "id");
        Arguments.notNull(transport, "transport");
    }
}
