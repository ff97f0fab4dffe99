package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/**
 * A server's entry was removed, and why.
 *
 * @param server the entry as it was when removed
 * @param reason why it was removed
 */
public record ServerUnregistered(ServerInfo server, Reason reason) implements RegistryEvent {

    /** Why an entry was removed. */
    public enum Reason {
        /** {@code unregister} was called. */
        UNREGISTERED,
        /** The server's {@code termination()} completed. */
        TERMINATED,
        /** Another server was registered under the same name. */
        REPLACED,
        /** The server's drain ({@code QuicServerRegistry.drain}) completed: it terminated after draining. */
        DRAINED
    }

    /** Validates. */
    public ServerUnregistered {
        Arguments.notNull(server, "server");
        Arguments.notNull(reason, "reason");
    }
}
