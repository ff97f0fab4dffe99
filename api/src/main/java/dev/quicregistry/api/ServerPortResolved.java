package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/**
 * A server's port became known or changed: a registered 0 resolved, or {@code updatePort}.
 *
 * @param name the server's name
 * @param port the port now stored, 1..65535
 */
public record ServerPortResolved(String name, int port) implements RegistryEvent {

    /** Validates. */
    public ServerPortResolved {
        ServerNames.requireValid(name);
        Arguments.port(port, 1, "port");
    }
}
