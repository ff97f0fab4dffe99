package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/**
 * A server was registered under a name (also the second half of a replacement).
 *
 * @param server the new entry
 */
public record ServerRegistered(ServerInfo server) implements RegistryEvent {

    /** Validates. */
    public ServerRegistered {
        Arguments.notNull(server, "server");
    }
}
