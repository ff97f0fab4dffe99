package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerNames;
import dev.quicregistry.api.ServerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the {@link ServerStarter} needs to start one server: its name, its settings, the port
 * configuration asked for, and how to obtain the server (for a CDI bean: its contextual reference).
 *
 * @param name the name it is registered under
 * @param settings what {@link QuicServer#start} is called with, before the server's documented options
 * @param server obtains the server; called once, at start
 * @param documentedOptions the configured values of the given option keys (those the server documents,
 *        {@link QuicServer#optionKeys()}), looked up one by one, so that sources that cannot list
 *        their names (environment variables) supply them too
 * @param drainTimeout how long the server may drain when it is stopped; zero: it is closed at once
 */
public record ServerLaunch(String name, ServerSettings settings, Supplier<? extends QuicServer> server,
                    Function<Set<String>, Map<String, String>> documentedOptions, Duration drainTimeout) {

    public ServerLaunch {
        ServerNames.requireValid(name);
        Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(documentedOptions, "documentedOptions must not be null");
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative: " + drainTimeout);
        }
    }

    /** A launch of a server that is closed at once when stopped. */
    public ServerLaunch(String name, ServerSettings settings, Supplier<? extends QuicServer> server,
                        Function<Set<String>, Map<String, String>> documentedOptions) {
        this(name, settings, server, documentedOptions, Duration.ZERO);
    }

    /** A launch whose settings hold every option already, of a server that is closed at once when stopped. */
    public ServerLaunch(String name, ServerSettings settings, Supplier<? extends QuicServer> server) {
        this(name, settings, server, keys -> Map.of());
    }

    /**
     * The settings for {@code server}: its documented options found in configuration, then
     * {@link #settings}' own, but for a listed key that is a documented one found already with its
     * dashes read as dots: an environment variable such as {@code QUIC_SERVER_API_IDLE_TIMEOUT},
     * which a config may list as {@code quic.server.api.idle.timeout} (SmallRye Config under
     * Quarkus does), is {@code idle-timeout} once, not also an unknown {@code idle.timeout}.
     */
    public ServerSettings settingsFor(QuicServer server) {
        Map<String, String> options = new TreeMap<>(documentedOptions.apply(server.optionKeys()));
        settings.options().forEach((key, value) -> {
            String dashed = key.replace('.', '-');
            if (dashed.equals(key) || !options.containsKey(dashed)) {
                options.put(key, value);
            }
        });
        return new ServerSettings(settings.host(), settings.port(), options);
    }

    /** Where it is asked to listen, as {@code host:port}. */
    public String endpoint() {
        String host = settings.host();
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + settings.port();
    }
}
