package dev.quicregistry.osgi;

import dev.quicregistry.api.ServerNames;
import dev.quicregistry.support.Durations;
import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the service properties of a whiteboard {@code QuicServer} say: its name
 * ({@value #NAME}), its port ({@value #PORT}, 0 when absent: resolved later from the server's bound
 * port), how long it drains when its service goes away ({@value #DRAIN_TIMEOUT}, absent: it is only
 * unregistered) and its options (every other {@code quic.server.*} property, keyed without that prefix).
 *
 * @param name the server name, valid by {@link ServerNames}
 * @param port 0..65535
 * @param options unmodifiable, sorted by key; array and collection values as unmodifiable lists
 * @param drainTimeout zero or more, where {@value #DRAIN_TIMEOUT} is set
 */
record ServerServiceProperties(String name, int port, Map<String, Object> options, Optional<Duration> drainTimeout) {

    /** The service property naming the server; a service without it is not a whiteboard server. */
    static final String NAME = "quic.server.name";
    /** The service property with the server's port. */
    static final String PORT = "quic.server.port";
    /**
     * The service property with how long the server may drain when its service goes away: a
     * {@code String} in the syntax of every duration of quic-registry ({@code 30s}, {@code PT0.5S},
     * {@code 500ms}, {@code 30}); {@code 0} drains with no grace, so closes at once.
     */
    static final String DRAIN_TIMEOUT = "quic.server.drain-timeout";
    /** The prefix of every whiteboard property; the others under it become options. */
    static final String PREFIX = "quic.server.";

    /** What {@value #DRAIN_TIMEOUT} accepts, for error messages. */
    private static final String DRAIN_TIMEOUT_EXPECTED = "0 (close at once) or " + Durations.EXPECTED;

    ServerServiceProperties {
        ServerNames.requireValid(name);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + "=" + port + " is not a port (0..65535)");
        }
        options = Collections.unmodifiableMap(new TreeMap<>(options));
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        if (drainTimeout.filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException(DRAIN_TIMEOUT + "=" + drainTimeout.get() + " is not " + DRAIN_TIMEOUT_EXPECTED);
        }
    }

    /**
     * Reads the whiteboard properties out of a service's properties.
     *
     * @throws IllegalArgumentException naming the property, its value and what was expected
     */
    static ServerServiceProperties parse(Map<String, ?> properties) {
        return new ServerServiceProperties(name(properties.get(NAME)), port(properties.get(PORT)), options(properties),
                drainTimeout(properties.get(DRAIN_TIMEOUT)));
    }

    private static Optional<Duration> drainTimeout(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(DRAIN_TIMEOUT + "=" + describe(value) + " is not a String: expected "
                    + DRAIN_TIMEOUT_EXPECTED);
        }
        Optional<Duration> timeout = Durations.notNegative(text);
        if (timeout.isEmpty()) {
            throw new IllegalArgumentException(DRAIN_TIMEOUT + "=" + text + " is not " + DRAIN_TIMEOUT_EXPECTED);
        }
        return timeout;
    }


    private static String name(Object value) {
        if (!(value instanceof String name) || !ServerNames.isValid(name)) {
            throw new IllegalArgumentException(NAME + "=" + describe(value) + " is not a server name: expected a String matching "
                    + ServerNames.PATTERN.pattern());
        }
        return name;
    }

    private static int port(Object value) {
        if (value == null) {
            return 0;
        }
        long port;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            port = ((Number) value).longValue();
        } else if (value instanceof String text) {
            try {
                port = Long.parseLong(text.trim());
            } catch (NumberFormatException notANumber) {
                throw notAPort(value);
            }
        } else {
            throw notAPort(value);
        }
        if (port < 0 || port > 65535) {
            throw notAPort(value);
        }
        return (int) port;
    }

    private static IllegalArgumentException notAPort(Object value) {
        return new IllegalArgumentException(PORT + "=" + describe(value) + " is not a port (0..65535)");
    }

    private static Map<String, Object> options(Map<String, ?> properties) {
        Map<String, Object> options = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length() && !key.equals(NAME) && !key.equals(PORT)
                    && !key.equals(DRAIN_TIMEOUT)) {
                options.put(key.substring(PREFIX.length()), immutable(value));
            }
        });
        return options;
    }

    /** Service property values may be arrays or collections; options hand out nothing modifiable. */
    private static Object immutable(Object value) {
        if (value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
            return List.copyOf(elements);
        }
        if (value instanceof Collection<?> collection) {
            return List.copyOf(collection);
        }
        return value;
    }

    private static String describe(Object value) {
        if (value instanceof String || value == null) {
            return String.valueOf(value);
        }
        return value + " (a " + value.getClass().getSimpleName() + ")";
    }
}
