package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.support.Durations;
import dev.quicregistry.support.Secrets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads a server's configuration from MicroProfile Config: {@code quic.server.<name>.port},
 * {@code .host}, {@code .enabled} and {@code .drain-timeout}, and every other key below {@code quic.server.<name>.} as a
 * transport option. Each bad value is reported as a problem naming the property and the value.
 */
public final class ServerConfigReader {

    /** The prefix of every server's keys. */
    public static final String PREFIX = ConfigKeys.SERVER_PREFIX;
    /** The host bound where configuration names none: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** The key, below a server's prefix, under which the extension publishes the bound port. */
    public static final String BOUND_PORT = ConfigKeys.BOUND_PORT;
    /** What {@code drain-timeout} accepts, for error messages. */
    public static final String DRAIN_TIMEOUT_EXPECTED = "0 (close at once) or " + Durations.EXPECTED;

    private static final Set<String> RESERVED = Set.copyOf(ConfigKeys.SERVER_PROPERTIES);

    private final Config config;
    /** Option keys by server name, from one pass over the property names: a pass per server would make start-up quadratic. */
    private Map<String, List<String>> optionKeysByServer;

    public ServerConfigReader(Config config) {
        this.config = config;
    }

    /**
     * A reader of the application's MicroProfile Config.
     *
     * @throws LinkageError where the MicroProfile Config API is not on the class path
     * @throws IllegalStateException where no implementation is
     */
    public static ServerConfigReader ofMicroProfileConfig() {
        return new ServerConfigReader(ConfigProvider.getConfig());
    }

    /** The key of {@code property} for server {@code name}, e.g. {@code quic.server.api.port}. */
    public static String key(String name, String property) {
        return PREFIX + name + "." + property;
    }

    /**
     * The configuration of server {@code name}, or empty where a value is bad; every bad value is
     * handed to {@code problems} (so all of them can be reported at once).
     */
    public Optional<ServerConfig> read(String name, int defaultPort, Consumer<String> problems) {
        Optional<Boolean> enabled = readEnabled(name, problems);
        if (enabled.isEmpty()) {
            return Optional.empty();
        }
        if (!enabled.get()) {
            return Optional.of(new ServerConfig(name, false, ServerSettings.of(DEFAULT_HOST, defaultPort)));
        }
        Optional<Integer> port = readPort(name, defaultPort, problems);
        Optional<String> host = readHost(name, problems);
        Optional<Duration> drainTimeout = readDrainTimeout(name, problems);
        if (port.isEmpty() || host.isEmpty() || drainTimeout.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig(name, true, new ServerSettings(host.get(), port.get(), options(name)),
                drainTimeout.get()));
    }

    /** Whether server {@code name} is configured {@code enabled=false}; false for any other value or none. */
    public boolean isDisabled(String name) {
        return config.getOptionalValue(key(name, ConfigKeys.ENABLED), String.class)
                .map(value -> value.strip().equalsIgnoreCase("false")).orElse(false);
    }

    private Optional<Boolean> readEnabled(String name, Consumer<String> problems) {
        String key = key(name, ConfigKeys.ENABLED);
        Optional<String> raw = config.getOptionalValue(key, String.class).map(String::strip);
        if (raw.isEmpty()) {
            return Optional.of(true);
        }
        switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true":
                return Optional.of(true);
            case "false":
                return Optional.of(false);
            default:
                problems.accept(key + "=" + raw.get() + " is not a boolean (true or false)");
                return Optional.empty();
        }
    }

    private Optional<Integer> readPort(String name, int defaultPort, Consumer<String> problems) {
        String key = key(name, ConfigKeys.PORT);
        Optional<String> raw = config.getOptionalValue(key, String.class).map(String::strip);
        if (raw.isEmpty()) {
            return Optional.of(defaultPort);
        }
        try {
            int port = Integer.parseInt(raw.get());
            if (port >= 0 && port <= 65535) {
                return Optional.of(port);
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the same message as an out-of-range number
        }
        problems.accept(key + "=" + raw.get() + " is not a port (0..65535)");
        return Optional.empty();
    }

    private Optional<String> readHost(String name, Consumer<String> problems) {
        String key = key(name, ConfigKeys.HOST);
        String host = config.getOptionalValue(key, String.class).map(String::strip).orElse(DEFAULT_HOST);
        if (host.isEmpty()) {
            problems.accept(key + "= is blank (expected a host name or address to bind)");
            return Optional.empty();
        }
        try {
            InetAddress.getByName(host);
            return Optional.of(host);
        } catch (UnknownHostException e) {
            problems.accept(key + "=" + host + " does not resolve (expected a host name or address to bind)");
            return Optional.empty();
        }
    }

    private Optional<Duration> readDrainTimeout(String name, Consumer<String> problems) {
        String key = key(name, ConfigKeys.DRAIN_TIMEOUT);
        Optional<String> raw = config.getOptionalValue(key, String.class).map(String::strip);
        if (raw.isEmpty()) {
            return Optional.of(Duration.ZERO);
        }
        Optional<Duration> timeout = drainTimeout(raw.get());
        if (timeout.isEmpty()) {
            problems.accept(key + "=" + raw.get() + " is not " + DRAIN_TIMEOUT_EXPECTED);
        }
        return timeout;
    }

    /** {@code value} as a drain timeout: zero or a positive duration in the syntax of every duration key; empty where it is neither. */
    static Optional<Duration> drainTimeout(String value) {
        return Durations.notNegative(value);
    }

    /**
     * The configured values of {@code keys} for server {@code name}, each looked up by name (so an
     * environment variable such as {@code QUIC_SERVER_API_IDLE_TIMEOUT} is found, which no config
     * lists as {@code quic.server.api.idle-timeout}); the keys this reader reserves are left out.
     */
    public Map<String, String> documentedOptions(String name, Set<String> keys) {
        Map<String, String> options = new TreeMap<>();
        for (String option : keys) {
            if (!RESERVED.contains(option)) {
                config.getOptionalValue(key(name, option), String.class).ifPresent(value -> options.put(option, value));
            }
        }
        return options;
    }

    /**
     * The directory's configuration where {@code quic.registry.zookeeper.connect} is set; bad values
     * are handed to {@code problems}.
     */
    public Optional<DirectorySettings> directory(Consumer<String> problems) {
        Optional<String> connect = config.getOptionalValue(DirectorySettings.CONNECT, String.class).map(String::strip);
        if (connect.isEmpty() || connect.get().isEmpty()) {
            return Optional.empty();
        }
        String basePath = config.getOptionalValue(ConfigKeys.DIRECTORY_BASE_PATH, String.class)
                .map(String::strip).orElse(DirectorySettings.DEFAULT_BASE_PATH);
        Optional<Duration> sessionTimeout = Optional.empty();
        String timeoutKey = ConfigKeys.DIRECTORY_SESSION_TIMEOUT;
        Optional<String> rawTimeout = config.getOptionalValue(timeoutKey, String.class).map(String::strip);
        if (rawTimeout.isPresent()) {
            sessionTimeout = Durations.positive(rawTimeout.get());
            if (sessionTimeout.isEmpty()) {
                problems.accept(timeoutKey + "=" + rawTimeout.get() + " is not " + Durations.EXPECTED);
                return Optional.empty();
            }
        }
        Optional<String> advertisedHost = config.getOptionalValue(ConfigKeys.DIRECTORY_ADVERTISED_HOST, String.class)
                .map(String::strip).filter(host -> !host.isEmpty());
        Optional<String> scheme = config.getOptionalValue(ConfigKeys.DIRECTORY_AUTH_SCHEME, String.class)
                .map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> credentials = config.getOptionalValue(ConfigKeys.DIRECTORY_AUTH, String.class).filter(value -> !value.isEmpty());
        if (scheme.isPresent() != credentials.isPresent()) {
            problems.accept(ConfigKeys.DIRECTORY_AUTH_SCHEME + " and " + ConfigKeys.DIRECTORY_AUTH
                    + " go together: only " + (scheme.isPresent() ? ConfigKeys.DIRECTORY_AUTH_SCHEME + "=" + scheme.get()
                    : ConfigKeys.DIRECTORY_AUTH + "=" + Secrets.MASK) + " is set");
            return Optional.empty();
        }
        Optional<DirectorySettings.Authorization> authorization = scheme.map(value -> new DirectorySettings.Authorization(value, credentials.get()));
        List<String> attributes = config.getOptionalValue(ConfigKeys.DIRECTORY_ATTRIBUTES, String.class)
                .map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(key -> !key.isEmpty()).toList())
                .orElse(List.of());
        return Optional.of(new DirectorySettings(connect.get(), basePath, sessionTimeout, advertisedHost, authorization, attributes));
    }

    /**
     * The server names that keys of the configuration's listed names mention
     * ({@code quic.server.<name>.<key>}, {@code bound-port} aside: the extension writes it); a source
     * that cannot list its names (environment variables) adds none.
     */
    public Set<String> configuredNames() {
        Set<String> names = new TreeSet<>();
        for (String key : config.getPropertyNames()) {
            int nameEnd = key.startsWith(PREFIX) ? key.indexOf('.', PREFIX.length()) : -1;
            if (nameEnd > PREFIX.length() && !key.substring(nameEnd + 1).equals(BOUND_PORT)) {
                names.add(key.substring(PREFIX.length(), nameEnd));
            }
        }
        return names;
    }

    /** Every other key below the server's prefix, without the prefix, in key order. */
    private Map<String, String> options(String name) {
        Map<String, String> options = new TreeMap<>();
        for (String option : optionKeys().getOrDefault(name, List.of())) {
            config.getOptionalValue(key(name, option), String.class).ifPresent(value -> options.put(option, value));
        }
        return options;
    }

    private Map<String, List<String>> optionKeys() {
        if (optionKeysByServer == null) {
            Map<String, List<String>> byServer = new HashMap<>();
            for (String key : config.getPropertyNames()) {
                int nameEnd = key.startsWith(PREFIX) ? key.indexOf('.', PREFIX.length()) : -1;
                if (nameEnd == -1) {
                    continue;
                }
                String option = key.substring(nameEnd + 1);
                if (!option.isEmpty() && !RESERVED.contains(option)) {
                    byServer.computeIfAbsent(key.substring(PREFIX.length(), nameEnd), server -> new ArrayList<>()).add(option);
                }
            }
            optionKeysByServer = byServer;
        }
        return optionKeysByServer;
    }
}
