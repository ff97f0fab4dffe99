package dev.quicregistry.api;

/**
 * A connection id was registered with its first transport.
 *
 * @param id the id
 * @param transport its transport
 */
public record ConnectionRegistered(ConnectionId id, Object transport) implements RegistryEvent {

    /** Validates. */
    public ConnectionRegistered {
        Checks.notNull(id, "id");
        Checks.notNull(transport, "transport");
    }
}
