package dev.quicregistry.cdi;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A MicroProfile {@link ConfigSource} (listed in {@code META-INF/services}) holding the ports the
 * extension's servers really bound, as {@code quic.server.<name>.bound-port}, for as long as they run.
 *
 * <p>The config implementation creates its own instances through the {@link java.util.ServiceLoader},
 * so the values live in one map per class loader that loaded this class, written through
 * {@link #newPublisher()}: one publisher per container. Invariant: a value is removed only by the
 * publisher that wrote it ({@code remove(key, value)}), so a container shutting down never
 * withdraws the port another container in the same class loader published for the same name.
 */
public final class BoundPortConfigSource implements ConfigSource {

    /** Above system properties (400) and environment variables (300): the bound port is a fact, not a setting. */
    public static final int ORDINAL = 500;

    private static final Map<String, Published> PORTS = new ConcurrentHashMap<>();

    /** Created by the config implementation through the ServiceLoader. */
    public BoundPortConfigSource() {
    }

    @Override
    public Map<String, String> getProperties() {
        return PORTS.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Integer.toString(e.getValue().port())));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(PORTS.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        Published published = PORTS.get(propertyName);
        return published == null ? null : Integer.toString(published.port());
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "quic-registry bound ports";
    }

    /** A publisher for one container; what it published stays until it withdraws it. */
    static PortPublisher newPublisher() {
        return new Publisher();
    }

    /** One published value; {@code owner} makes values of different publishers unequal. */
    private record Published(Publisher owner, int port) {
    }

    private static final class Publisher implements PortPublisher {
        private final Map<String, Published> own = new ConcurrentHashMap<>();

        @Override
        public void publish(String name, int port) {
            Published value = new Published(this, port);
            own.put(name, value);
            PORTS.put(key(name), value);
        }

        @Override
        public void withdraw(String name) {
            Published value = own.remove(name);
            if (value != null) {
                PORTS.remove(key(name), value);
            }
        }

        private static String key(String name) {
            return ServerConfigReader.key(name, ServerConfigReader.BOUND_PORT);
        }
    }
}
