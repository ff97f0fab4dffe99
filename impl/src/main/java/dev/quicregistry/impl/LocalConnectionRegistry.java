package dev.quicregistry.impl;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.support.Arguments;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ConnectionRegistry} of one JVM: each id has a {@link Cell} in a
 * {@link ConcurrentHashMap}, holding its current transport in a volatile field, so a read is a map
 * lookup and one volatile read, and a handle's read is one volatile read of the cell it holds.
 *
 * <p>Invariants:
 * <ul>
 *   <li>An id maps to at most one cell; a cell's transport changes only under the cell's monitor,
 *       where the change also queues its event (see {@link Lane}), so one id's events are queued
 *       in change order. Readers read it volatile, without the monitor; it is stored with release
 *       semantics ({@code Cell.show}), so one id's reads are linearizable as the map's are. Putting the same transport ({@code ==}) again is no change, fires nothing.</li>
 *   <li>A cell whose transport is null (unregistered) stays in the map only while its events are
 *       being delivered; it leaves, compare-and-remove, when its lane goes idle, and is
 *       {@code retired} then: no change is made to a retired cell (a writer that finds one looks
 *       the id up again). So a live cell (transport not null) is always the one the map holds,
 *       and a reader that finds null in a cell may answer "absent": the id was absent at some
 *       instant between its map lookup and that read.</li>
 *   <li>A handle holds the cell it last found, not the transport: a retired cell holds no
 *       transport, so a handle never pins one; it outlives its id's registration only while a
 *       handle still holds it.</li>
 * </ul>
 */
public final class LocalConnectionRegistry implements ConnectionRegistry {

    private final ConcurrentHashMap<ConnectionId, Cell> cells = new ConcurrentHashMap<>();
    private final EventDispatcher events = new EventDispatcher();

    /** An empty registry. */
    public LocalConnectionRegistry() {
    }

    @Override
    public void register(ConnectionId id, Object transport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(transport, "transport");
        while (true) {
            Cell cell = cells.get(id);
            if (cell == null) {
                Cell fresh = new Cell(id, transport);
                cell = cells.putIfAbsent(id, fresh);
                if (cell == null) {
                    events.deliver(fresh, new ConnectionRegistered(id, transport)); // owned by this thread from the start
                    return;
                }
            }
            RegistryEvent first;
            synchronized (cell) {
                if (cell.retired()) {
                    continue;
                }
                Object previous = cell.transport;
                if (previous == transport) {
                    return;
                }
                cell.show(transport);
                first = cell.offer(previous == null
                        ? new ConnectionRegistered(id, transport)
                        : new ConnectionReplaced(id, previous, transport));
            }
            deliver(cell, first);
            return;
        }
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
        Cell cell = cells.get(id);
        if (cell == null) {
            return false;
        }
        RegistryEvent first;
        synchronized (cell) {
            Object current = cell.transport;
            if (current == null || expected != null && current != expected) {
                return false; // absent (a retired cell holds null too) or another transport's
            }
            cell.show(null);
            first = cell.offer(new ConnectionUnregistered(id, current));
        }
        deliver(cell, first);
        return true;
    }

    @Override
    public Optional<Object> transport(ConnectionId id) {
        Arguments.notNull(id, "id");
        return Optional.ofNullable(transportOf(cells.get(id)));
    }

    @Override
    public <T> Optional<T> transport(ConnectionId id, Class<T> type) {
        Arguments.notNull(id, "id");
        Arguments.notNull(type, "type");
        return Optional.ofNullable(cast(id, transportOf(cells.get(id)), type));
    }

    @Override
    public boolean replaceTransport(ConnectionId id, Object newTransport) {
        Arguments.notNull(id, "id");
        Arguments.notNull(newTransport, "newTransport");
        Cell cell = cells.get(id);
        if (cell == null) {
            return false;
        }
        RegistryEvent first;
        synchronized (cell) {
            Object previous = cell.transport;
            if (previous == null) {
                return false;
            }
            if (previous == newTransport) {
                return true;
            }
            cell.show(newTransport);
            first = cell.offer(new ConnectionReplaced(id, previous, newTransport));
        }
        deliver(cell, first);
        return true;
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
        return events.subscribe(listener);
    }

    /** How many ids have a cell in the map now: the registered ones and those whose events are being delivered. */
    int cellsHeld() {
        return cells.size();
    }

    @Override
    public String toString() {
        return "LocalConnectionRegistry" + liveIds();
    }

    private Set<ConnectionId> liveIds() {
        Set<ConnectionId> live = new HashSet<>();
        cells.forEach((id, cell) -> {
            if (cell.transport != null) {
                live.add(id);
            }
        });
        return live;
    }

    private void deliver(Cell cell, RegistryEvent first) {
        if (first != null) {
            events.deliver(cell, first);
        }
    }

    private static Object transportOf(Cell cell) {
        return cell == null ? null : cell.transport;
    }

    private static <T> T cast(ConnectionId id, Object transport, Class<T> type) {
        if (transport == null || type.isInstance(transport)) {
            return type.cast(transport);
        }
        throw new ClassCastException("transport of connection id '" + id + "' is a "
                + transport.getClass().getName() + ", not a " + type.getName());
    }

    /** One id's place: its current transport (null once unregistered) and the lane of its events. */
    private final class Cell extends Lane {
        private static final VarHandle TRANSPORT = Lane.field(MethodHandles.lookup(), Cell.class, "transport", Object.class);

        private final ConnectionId id;
        volatile Object transport;

        /** A cell registered by the calling thread, which owns its lane and delivers its first event. */
        Cell(ConnectionId id, Object transport) {
            super(true);
            this.id = id;
            this.transport = transport;
        }

        /**
         * Shows another transport; under the monitor. A release store, as ConcurrentHashMap
         * stores a bin's head under the bin's lock: one id's stores are ordered by the monitor,
         * and a reader that sees one sees the change that made it; a volatile store would add a
         * fence right before the monitor's exit (measured: a tenth of a {@code replaceTransport}).
         */
        void show(Object shown) {
            TRANSPORT.setRelease(this, shown);
        }

        @Override
        boolean vacant() {
            return transport == null;
        }

        @Override
        void leaveMap() {
            cells.remove(id, this);
        }
    }

    /**
     * A handle that holds its id's cell, so it follows replacements with one volatile read, and
     * looks the id up again when its cell holds nothing (unregistered, perhaps registered anew).
     */
    private static final class LiveHandle<T> implements ConnectionHandle<T> {
        private final LocalConnectionRegistry registry;
        private final ConnectionId id;
        private final Class<T> type;
        private volatile Cell cell;

        LiveHandle(LocalConnectionRegistry registry, ConnectionId id, Class<T> type) {
            this.registry = registry;
            this.id = id;
            this.type = type;
            this.cell = registry.cells.get(id);
        }

        @Override
        public ConnectionId id() {
            return id;
        }

        @Override
        public Optional<T> current() {
            Object transport = transportOf(cell);
            if (transport == null) {
                Cell now = registry.cells.get(id);
                if (now != null) {
                    cell = now;
                    transport = now.transport;
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
