package dev.quicregistry.impl;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.support.Arguments;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ConnectionRegistry} of one JVM: each id's current transport held by the
 * {@link EventCore}, which keeps every delivery rule; this class says what each operation changes.
 * A read is a map lookup and one volatile read, and a handle's read is one volatile read of the
 * slot it holds.
 *
 * <p>Invariants: putting the same transport ({@code ==}) again is no change and fires nothing; a
 * handle holds its id's slot, not the transport, so a handle never pins a transport once its id
 * is unregistered.
 */
public final class LocalConnectionRegistry implements ConnectionRegistry {

    private final EventCore<ConnectionId, Object> core;
    /** The core's map, read here directly: one load fewer per read ({@link EventCore#slotsToRead}). */
    private final ConcurrentHashMap<ConnectionId, EventCore.Slot<ConnectionId, Object>> slots;

    /** An empty registry; each id queues at most 1 024 events of others' changes while one thread delivers it. */
    public LocalConnectionRegistry() {
        this(EventCore.DEFAULT_BACKLOG_BOUND);
    }

    /**
     * An empty registry whose ids each queue at most {@code backlogBound} events of others' changes
     * while one thread delivers them; a writer beyond that waits until the delivering thread is done.
     */
    public LocalConnectionRegistry(int backlogBound) {
        this.core = new EventCore<>(backlogBound, null);
        this.slots = core.slotsToRead();
    }

    @Override
    public void register(ConnectionId id, Object transport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(transport, "transport");
        core.change(id, EventCore.Write.CREATE, transport, (key, current, next, events) -> {
            if (current != next) {
                events.emit(current == null ? new ConnectionRegistered(key, next) : new ConnectionReplaced(key, current, next));
            }
            return next;
        });
    }

    @Override
    public void unregister(ConnectionId id) {
        Arguments.notNull(id, "id");
        removeIf(id, null);
    }

    @Override
    public boolean unregister(ConnectionId id, Object transport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(transport, "transport");
        return removeIf(id, transport);
    }

    /** Removes the id's transport, only while it is {@code expected} unless that is null; whether it did. */
    private boolean removeIf(ConnectionId id, Object expected) {
        Object before = core.change(id, EventCore.Write.UPDATE, expected, (key, current, only, events) -> {
            if (!removes(current, only)) {
                return current;
            }
            events.emit(new ConnectionUnregistered(key, current));
            return null;
        });
        return removes(before, expected);
    }

    private static boolean removes(Object current, Object expected) {
        return current != null && (expected == null || current == expected);
    }

    @Override
    public Optional<Object> transport(ConnectionId id) {
        Arguments.notNull(id, "id");
        return Optional.ofNullable(EventCore.valueOf(slots.get(id)));
    }

    @Override
    public <T> Optional<T> transport(ConnectionId id, Class<T> type) {
        Arguments.notNull(id, "id");
        Arguments.notNull(type, "type");
        return Optional.ofNullable(cast(id, EventCore.valueOf(slots.get(id)), type));
    }

    @Override
    public boolean replaceTransport(ConnectionId id, Object newTransport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(newTransport, "newTransport");
        Object before = core.change(id, EventCore.Write.UPDATE, newTransport, (key, current, next, events) -> {
            if (current == null || current == next) {
                return current;
            }
            events.emit(new ConnectionReplaced(key, current, next));
            return next;
        });
        return before != null;
    }

    @Override
    public <T> ConnectionHandle<T> handle(ConnectionId id, Class<T> type) {
        Arguments.notNull(id, "id");
        Arguments.notNull(type, "type");
        return new LiveHandle<>(this, id, type);
    }

    @Override
    public Set<ConnectionId> ids() {
        return Set.copyOf(liveIds());
    }

    @Override
    public Registration addListener(RegistryListener listener) {
        return core.subscribe(listener);
    }

    /** How many ids have a slot now: the registered ones and those whose events are being delivered. */
    int cellsHeld() {
        return core.slotsHeld();
    }

    /** How many events of {@code id} are queued now, not yet delivered. */
    int backlogOf(ConnectionId id) {
        return core.backlog(id);
    }

    @Override
    public String toString() {
        return "LocalConnectionRegistry" + liveIds();
    }

    private Set<ConnectionId> liveIds() {
        Set<ConnectionId> live = new HashSet<>();
        core.forEach((id, transport) -> live.add(id));
        return live;
    }

    private static <T> T cast(ConnectionId id, Object transport, Class<T> type) {
        if (transport == null || type.isInstance(transport)) {
            return type.cast(transport);
        }
        throw new ClassCastException("transport of connection id '" + id + "' is a "
                + transport.getClass().getName() + ", not a " + type.getName());
    }

    /**
     * A handle that holds its id's slot, so it follows replacements with one volatile read, and
     * looks the id up again when its slot holds nothing (unregistered, perhaps registered anew).
     */
    private static final class LiveHandle<T> implements ConnectionHandle<T> {
        private final LocalConnectionRegistry registry;
        private final ConnectionId id;
        private final Class<T> type;
        private volatile EventCore.Slot<ConnectionId, Object> slot;

        LiveHandle(LocalConnectionRegistry registry, ConnectionId id, Class<T> type) {
            this.registry = registry;
            this.id = id;
            this.type = type;
            this.slot = registry.slots.get(id);
        }

        @Override
        public ConnectionId id() {
            return id;
        }

        @Override
        public Optional<T> current() {
            Object transport = EventCore.valueOf(slot);
            if (transport == null) {
                EventCore.Slot<ConnectionId, Object> now = registry.slots.get(id);
                if (now != null) {
                    slot = now;
                    transport = EventCore.valueOf(now);
                }
            }
            return Optional.ofNullable(cast(id, transport, type));
        }

        @Override
        public String toString() {
            return "ConnectionHandle[" + id + " -> " + type.getSimpleName() + "]";
        }
    }
}
