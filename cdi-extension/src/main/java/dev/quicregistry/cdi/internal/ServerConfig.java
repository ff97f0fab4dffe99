package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.ServerNames;
import dev.quicregistry.api.ServerSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * One server's configuration as read from MicroProfile Config: whether it runs, and what it is
 * started with. A disabled server carries no settings.
 *
 * @param name the server's name
 * @param enabled false where {@code quic.server.<name>.enabled=false}
 * @param settings the host, port and options to start it with (for a disabled server: unused defaults)
 * @param drainTimeout how long it may drain at shutdown ({@code quic.server.<name>.drain-timeout});
 *        zero, the default: it is closed at once
 */
public record ServerConfig(String name, boolean enabled, ServerSettings settings, Duration drainTimeout) {

    public ServerConfig {
        ServerNames.requireValid(name);
        Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative: " + drainTimeout);
        }
    }

    /** A configuration without a drain timeout: the server is closed at once at shutdown. */
    public ServerConfig(String name, boolean enabled, ServerSettings settings) {
        this(name, enabled, settings, Duration.ZERO);
    }
}
