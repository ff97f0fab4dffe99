package dev.quicregistry.cdi.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A MicroProfile {@link ConfigSource} (listed in {@code META-INF/services}) holding the ports the
 * extension's servers really bound, as {@code quic.server.<name>.bound-port}, for as long as they run.
 *
 * <p>The config implementation creates its own instances through the {@link java.util.ServiceLoader},
 * so the values live in one map per class loader that loaded this class, written through
 * {@link #newPublisher()}: one publisher per container. Containers in one class loader share the
 * map, so a key holds a stack of values, oldest first, one per publisher.
 *
 * <p>Invariants: a key reads the value of the most recently published server of that name that
 * still runs; a value is removed only by the publisher that wrote it, so a container shutting down
 * never withdraws or changes what another container published (when the newer server stops, the
 * older one's port is read again); a key with no value is absent. Each key's stack is replaced
 * atomically ({@code compute}), so readers see a whole stack.
 */
public final class BoundPortConfigSource implements ConfigSource {

    /** Above system properties (400) and environment variables (300): the bound port is a fact, not a setting. */
    public static final int ORDINAL = 500;

    private static final Map<String, List<Published>> PORTS = new ConcurrentHashMap<>();

    /** Created by the config implementation through the ServiceLoader. */
    public BoundPortConfigSource() {
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        PORTS.forEach((key, stack) -> properties.put(key, Integer.toString(newest(stack).port())));
        return Map.copyOf(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(PORTS.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        List<Published> stack = PORTS.get(propertyName);
        return stack == null ? null : Integer.toString(newest(stack).port());
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
    public static PortPublisher newPublisher() {
        return new Publisher();
    }

    private static Published newest(List<Published> stack) {
        return stack.get(stack.size() - 1);
    }

    /** One published value; {@code owner} tells values of different publishers apart. */
    private record Published(Publisher owner, int port) {
    }

    private static final class Publisher implements PortPublisher {

        @Override
        public void publish(String name, int port) {
            Published value = new Published(this, port);
            PORTS.compute(key(name), (key, stack) -> {
                List<Published> next = stack == null ? new ArrayList<>(1) : new ArrayList<>(stack);
                next.removeIf(published -> published.owner() == this);
                next.add(value);
                return List.copyOf(next);
            });
        }

        @Override
        public void withdraw(String name) {
            PORTS.computeIfPresent(key(name), (key, stack) -> {
                List<Published> next = new ArrayList<>(stack);
                next.removeIf(published -> published.owner() == this);
                return next.isEmpty() ? null : List.copyOf(next);
            });
        }

        private static String key(String name) {
            return ServerConfigReader.key(name, ServerConfigReader.BOUND_PORT);
        }
    }
}
