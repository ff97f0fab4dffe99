package dev.quicregistry.cdi;

import dev.quicregistry.api.ServerNames;
import java.util.List;

/**
 * Every configuration key quic-registry reads or writes under CDI, in one place: the keys of each
 * named server ({@code quic.server.<name>.*}) and of the cluster directory
 * ({@code quic.registry.zookeeper.*}). docs/cdi.md lists them with their meaning; a test checks that
 * list against this class.
 */
public final class ConfigKeys {

    /** The prefix of every server's keys: {@code quic.server.<name>.<property>}. */
    public static final String SERVER_PREFIX = "quic.server.";
    /** A server's UDP port (0..65535, 0 = ephemeral); overrides {@code @NamedQuicServer(port = ...)}. */
    public static final String PORT = "port";
    /** The host or address a server binds; default {@code 0.0.0.0}. */
    public static final String HOST = "host";
    /** {@code false} keeps a server from starting; default {@code true}. */
    public static final String ENABLED = "enabled";
    /** Written by the extension, not read: the port a server bound, while it runs. */
    public static final String BOUND_PORT = "bound-port";
    /**
     * How long a server may drain at shutdown (a duration such as {@code 30s}); default {@code PT0S}:
     * closed at once.
     */
    public static final String DRAIN_TIMEOUT = "drain-timeout";
    /** The properties below a server's prefix that are not options handed to the server. */
    public static final List<String> SERVER_PROPERTIES = List.of(PORT, HOST, ENABLED, BOUND_PORT, DRAIN_TIMEOUT);

    /** The prefix of the cluster directory's keys. */
    public static final String DIRECTORY_PREFIX = "quic.registry.zookeeper.";
    /** The ZooKeeper connect string; setting it turns the cluster directory on. */
    public static final String DIRECTORY_CONNECT = DIRECTORY_PREFIX + "connect";
    /** The znode below which the directory publishes; default {@code /quic-registry}. */
    public static final String DIRECTORY_BASE_PATH = DIRECTORY_PREFIX + "base-path";
    /** The ZooKeeper session timeout asked for (a duration such as {@code 30s}). */
    public static final String DIRECTORY_SESSION_TIMEOUT = DIRECTORY_PREFIX + "session-timeout";
    /** The host published for servers bound to a wildcard address. */
    public static final String DIRECTORY_ADVERTISED_HOST = DIRECTORY_PREFIX + "advertised-host";
    /** The scheme of the directory's ZooKeeper authorization, e.g. {@code digest}; needs {@link #DIRECTORY_AUTH}. */
    public static final String DIRECTORY_AUTH_SCHEME = DIRECTORY_PREFIX + "auth-scheme";
    /** The credentials of that authorization, e.g. {@code app:secret} for digest: a secret, never logged. */
    public static final String DIRECTORY_AUTH = DIRECTORY_PREFIX + "auth";
    /** Server options published as endpoint attributes besides {@code alpn} (comma-separated keys). */
    public static final String DIRECTORY_ATTRIBUTES = DIRECTORY_PREFIX + "attributes";
    /** Every directory key. */
    public static final List<String> DIRECTORY_KEYS = List.of(DIRECTORY_CONNECT, DIRECTORY_BASE_PATH,
            DIRECTORY_SESSION_TIMEOUT, DIRECTORY_ADVERTISED_HOST, DIRECTORY_AUTH_SCHEME, DIRECTORY_AUTH, DIRECTORY_ATTRIBUTES);

    private ConfigKeys() {
    }

    /**
     * The key of {@code property} for server {@code name}, e.g. {@code server("api", PORT)} is
     * {@code quic.server.api.port}.
     *
     * @throws IllegalArgumentException where {@code name} is not a server name
     */
    public static String server(String name, String property) {
        ServerNames.requireValid(name);
        return SERVER_PREFIX + name + "." + property;
    }
}
