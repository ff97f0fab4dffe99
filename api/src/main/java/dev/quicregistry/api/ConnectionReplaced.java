package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/**
 * A connection id's transport was swapped (a reconnection): observers resubscribe or
 * re-authenticate on {@code current}.
 *
 * @param id the id, unchanged
 * @param previous the transport it had
 * @param current the transport it has now
 */
public record ConnectionReplaced(ConnectionId id, Object previous, Object current) implements RegistryEvent {

    /** Validates. */
    public ConnectionReplaced {
        Arguments.notNull(id, "id");
        Arguments.notNull(previous, "previous");
        Arguments.notNull(current, "current");
    }
}
