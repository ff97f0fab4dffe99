package dev.quicregistry.cdi;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerNames;
import dev.quicregistry.api.ServerSettings;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the {@link ServerStarter} needs to start one server: its name, its settings, the port
 * configuration asked for, and how to obtain the server (for a CDI bean: its contextual reference).
 *
 * @param name the name it is registered under
 * @param settings what {@link QuicServer#start} is called with
 * @param server obtains the server; called once, at start
 */
record ServerLaunch(String name, ServerSettings settings, Supplier<? extends QuicServer> server) {

    ServerLaunch {
        ServerNames.requireValid(name);
        Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(server, "server must not be null");
    }

    /** Where it is asked to listen, as {@code host:port}. */
    String endpoint() {
        String host = settings.host();
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + settings.port();
    }
}
