package dev.quicregistry.impl;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.support.Arguments;
import dev.quicregistry.impl.EventDispatcher.Publication;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ConnectionRegistry} of one JVM: stable ids mapped to their current transport in a
 * {@link ConcurrentHashMap}, read without locks.
 *
 * <p>Invariants: every change of an id is one {@code compute} on the map, which also queues the
 * change's event, so one id's events are queued in change order; putting the same transport
 * ({@code ==}) again is no change and fires nothing; handles hold only the id and read the map on
 * every call, so they never pin a transport.
 */
public final class LocalConnectionRegistry implements ConnectionRegistry {

    private final ConcurrentHashMap<ConnectionId, Object> transports = new ConcurrentHashMap<>();
    private final EventDispatcher events = new EventDispatcher();

    /** An empty registry. */
    public LocalConnectionRegistry() {
    }

    @Override
    public void register(ConnectionId id, Object transport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(transport, "transport");
        Publication change = events.open(id);
        try {
            transports.compute(id, (key, previous) -> {
                if (previous == null) {
                    change.add(new ConnectionRegistered(id, transport));
                } else if (previous != transport) {
                    change.add(new ConnectionReplaced(id, previous, transport));
                }
                return transport;
            });
        } finally {
            events.publish(change);
        }
    }

    @Override
    public void unregister(ConnectionId id) {
        Arguments.notNull(id, "id");
        Publication change = events.open(id);
        try {
            transports.computeIfPresent(id, (key, current) -> {
                change.add(new ConnectionUnregistered(id, current));
                return null;
            });
        } finally {
            events.publish(change);
        }
    }

    @Override
    public boolean unregister(ConnectionId id, Object transport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(transport, "transport");
        boolean[] removed = new boolean[1];
        Publication change = events.open(id);
        try {
            transports.computeIfPresent(id, (key, current) -> {
                if (current != transport) {
                    return current;
                }
                change.add(new ConnectionUnregistered(id, current));
                removed[0] = true;
                return null;
            });
        } finally {
            events.publish(change);
        }
        return removed[0];
    }

    @Override
    public Optional<Object> transport(ConnectionId id) {
        Arguments.notNull(id, "id");
        return Optional.ofNullable(transports.get(id));
    }

    @Override
    public <T> Optional<T> transport(ConnectionId id, Class<T> type) {
        Arguments.notNull(id, "id");
        Arguments.notNull(type, "type");
        return Optional.ofNullable(cast(id, transports.get(id), type));
    }

    @Override
    public boolean replaceTransport(ConnectionId id, Object newTransport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(newTransport, "newTransport");
        Publication change = events.open(id);
        Object now;
        try {
            now = transports.computeIfPresent(id, (key, previous) -> {
                if (previous != newTransport) {
                    change.add(new ConnectionReplaced(id, previous, newTransport));
                }
                return newTransport;
            });
        } finally {
            events.publish(change);
        }
        return now != null;
    }

    @Override
    public <T> ConnectionHandle<T> handle(ConnectionId id, Class<T> type) {
        Arguments.notNull(id, "id");
        Arguments.notNull(type, "type");
        return new LiveHandle<>(transports, id, type);
    }

    @Override
    public Set<ConnectionId> ids() {
        return Set.copyOf(transports.keySet());
    }

    @Override
    public Registration addListener(RegistryListener listener) {
        return events.subscribe(listener);
    }

    @Override
    public String toString() {
        return "LocalConnectionRegistry" + transports.keySet();
    }

    private static <T> T cast(ConnectionId id, Object transport, Class<T> type) {
        if (transport == null || type.isInstance(transport)) {
            return type.cast(transport);
        }
        throw new ClassCastException("transport of connection id '" + id + "' is a "
                + transport.getClass().getName() + ", not a " + type.getName());
    }

    /** A handle that reads the registry's map on every call, so it follows replacements. */
    private static final class LiveHandle<T> implements ConnectionHandle<T> {
        /** The registry's map itself, one load fewer on every read than going through the registry. */
        private final ConcurrentHashMap<ConnectionId, Object> transports;
        private final ConnectionId id;
        private final Class<T> type;

        LiveHandle(ConcurrentHashMap<ConnectionId, Object> transports, ConnectionId id, Class<T> type) {
            this.transports = transports;
            this.id = id;
            this.type = type;
        }

        @Override
        public ConnectionId id() {
            return id;
        }

        @Override
        public Optional<T> current() {
            return Optional.ofNullable(cast(id, transports.get(id), type));
        }

        @Override
        public String toString() {
            return "ConnectionHandle[" + id + " -> " + type.getSimpleName() + "]";
        }
    }
}
