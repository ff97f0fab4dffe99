package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.ServerNames;
import dev.quicregistry.api.ServerSettings;
import java.util.Objects;

/**
 * One server's configuration as read from MicroProfile Config: whether it runs, and what it is
 * started with. A disabled server carries no settings.
 *
 * @param name the server's name
 * @param enabled false where {@code quic.server.<name>.enabled=false}
 * @param settings the host, port and options to start it with (for a disabled server: unused defaults)
 */
public record ServerConfig(String name, boolean enabled, ServerSettings settings) {

    public ServerConfig {
        ServerNames.requireValid(name);
        Objects.requireNonNull(settings, "settings must not be null");
    }
}
