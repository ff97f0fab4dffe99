package dev.quicregistry.api;

/**
 * A connection id was removed.
 *
 * @param id the id
 * @param transport the transport it had when removed
 */
public record ConnectionUnregistered(ConnectionId id, Object transport) implements RegistryEvent {

    /** Validates. */
    public ConnectionUnregistered {
        Checks.notNull(id, "id");
        Checks.notNull(transport, "transport");
    }
}
