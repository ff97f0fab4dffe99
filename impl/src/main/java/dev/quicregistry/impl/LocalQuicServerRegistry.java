package dev.quicregistry.impl;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerNames;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.api.support.Arguments;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link QuicServerRegistry} of one JVM: each name has a {@link Slot} in a
 * {@link ConcurrentHashMap} holding its current {@link ServerInfo} in a volatile field, so a read is
 * a map lookup and one volatile read; each entry is removed by itself when its server terminates.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A name maps to at most one slot; its entry (the {@code info} readers see and the
 *       {@code watch} of that info's server, changed together) changes only under the slot's monitor, where the
 *       change also queues its events (see {@link Lane}), so one name's events are queued in the
 *       order its changes took effect.</li>
 *   <li>A slot without entry stays in the map only while its events are being delivered; it
 *       leaves, compare-and-remove, when its lane goes idle, and is {@code retired} then: no change
 *       is made to a retired slot (a writer that finds one looks the name up again). A reader that
 *       finds no entry in a slot may answer "absent": the name was absent at some instant between
 *       its map lookup and that read.</li>
 *   <li>Each server has one {@link TerminationWatch} in this registry, attached to its termination
 *       once however often it is registered; a termination removes an entry only while the name
 *       still maps to an entry of that same server, so a late termination of a replaced server
 *       never removes its replacement.</li>
 *   <li>A watch refers to this registry weakly and to its server not at all, so a server that
 *       outlives its registration keeps nothing of this registry reachable.</li>
 *   <li>A registration puts the name's slot in the map first, then, under the slot's monitor, adds
 *       the name to the watch and only then checks the watch's termination flag; a termination
 *       sets the flag, then reads the names and takes each name's slot monitor. So a termination
 *       racing a registration is seen by one of the two, and a server that terminated already is
 *       never visible under the name.</li>
 *   <li>A name leaves an old entry's watch under the slot's monitor after the slot stopped
 *       showing that entry, so a termination that no longer finds the name finds no entry either.</li>
 *   <li>No listener or server code runs under a slot's monitor; events are delivered after it.</li>
 * </ul>
 */
public final class LocalQuicServerRegistry implements QuicServerRegistry {

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final EventDispatcher events = new EventDispatcher();
    private final TerminationWatches watches = new TerminationWatches(this);
    private final Clock clock;

    /** A registry stamping entries with the system clock. */
    public LocalQuicServerRegistry() {
        this(Clock.systemUTC());
    }

    /** A registry stamping {@link ServerInfo#registeredAt()} with {@code clock}. */
    public LocalQuicServerRegistry(Clock clock) {
        this.clock = Arguments.notNull(clock, "clock");
    }

    @Override
    public void register(String name, QuicServer server, int port, Map<String, ?> options) {
        // The entry validates name, server, port and options, with the messages of API.md.
        ServerInfo info = new ServerInfo(name, server, port, readOnly(options), clock.instant());
        TerminationWatch watch = watches.of(server);
        while (true) {
            Slot slot = slotOf(name);
            RegistryEvent first;
            synchronized (slot) {
                if (slot.retired()) {
                    continue;
                }
                ServerInfo previous = slot.info;
                TerminationWatch previousWatch = slot.watch;
                first = previous == null ? null : slot.offer(new ServerUnregistered(previous, Reason.REPLACED));
                watch.addName(name);
                first = slot.offer(first, new ServerRegistered(info));
                // Checked after addName: a termination that completes later sets the flag before it
                // reads the names, so it finds this one. One that completed already: registered and
                // gone in this one step, never visible to a reader (Lincheck found the window otherwise).
                if (watch.terminated()) {
                    slot.show(null, null);
                    watch.removeName(name);
                    first = slot.offer(first, new ServerUnregistered(info, Reason.TERMINATED));
                } else {
                    slot.show(info, watch);
                }
                forgetName(name, previousWatch, slot.watch);
            }
            deliver(slot, first);
            return;
        }
    }

    /** The name's slot, put in the map if it has none. */
    private Slot slotOf(String name) {
        Slot slot = slots.get(name);
        if (slot != null) {
            return slot;
        }
        Slot fresh = new Slot(name);
        Slot raced = slots.putIfAbsent(name, fresh);
        return raced != null ? raced : fresh;
    }

    /** Takes {@code name} off the watch of a server the slot no longer shows (unless it shows it again); under the slot's monitor. */
    private static void forgetName(String name, TerminationWatch left, TerminationWatch now) {
        if (left != null && left != now) {
            left.removeName(name);
        }
    }

    @Override
    public void unregister(String name) {
        Arguments.notNull(name, "name");
        removeIf(name, null);
    }

    @Override
    public boolean unregister(String name, QuicServer server) {
        Arguments.notNull(name, "name");
        Arguments.notNull(server, "server");
        return removeIf(name, server);
    }

    /** Removes the name's entry, only while it is {@code expected}'s unless that is null; whether it did. */
    private boolean removeIf(String name, QuicServer expected) {
        Slot slot = slots.get(name);
        if (slot == null) {
            return false;
        }
        RegistryEvent first;
        synchronized (slot) {
            ServerInfo current = slot.info;
            if (current == null || expected != null && current.server() != expected) {
                return false;
            }
            TerminationWatch left = slot.watch;
            slot.show(null, null);
            forgetName(name, left, null);
            first = slot.offer(new ServerUnregistered(current, Reason.UNREGISTERED));
        }
        deliver(slot, first);
        return true;
    }

    @Override
    public Optional<ServerInfo> lookup(String name) {
        Arguments.notNull(name, "name");
        return Optional.ofNullable(infoOf(slots.get(name)));
    }

    @Override
    public Set<String> names() {
        Set<String> live = new TreeSet<>();
        slots.forEach((name, slot) -> {
            if (slot.info != null) {
                live.add(name);
            }
        });
        return Collections.unmodifiableSet(live);
    }

    @Override
    public OptionalInt port(String name) {
        Slot slot = slots.get(Arguments.notNull(name, "name"));
        ServerInfo seen = infoOf(slot);
        if (seen == null) {
            return OptionalInt.empty();
        }
        // The slot keeps its port as an OptionalInt, so reading a known port allocates nothing; it is
        // checked against the info read above, so a write racing this read cannot mix two entries.
        OptionalInt known = slot.knownPort;
        return known != null && known.getAsInt() == seen.port() ? known : portResolving(slot, seen);
    }

    /** {@link #port}'s slow way: a port registered as 0, resolved here if its server has bound one. */
    private OptionalInt portResolving(Slot slot, ServerInfo seen) {
        while (seen != null && seen.port() == 0) {
            int bound = seen.server().boundPort();
            if (bound < 1 || bound > 65535) {
                return OptionalInt.empty(); // its server reports no bound port yet
            }
            seen = resolvePort(slot, seen, bound); // resolved, or replaced meanwhile by an entry that may need resolving too (found by Lincheck)
        }
        return seen == null ? OptionalInt.empty() : OptionalInt.of(seen.port());
    }

    /**
     * Stores {@code bound} as the port of {@code seen} and fires ServerPortResolved, once, while the
     * slot still shows {@code seen}'s server with port 0; returns the entry the slot shows now.
     */
    private ServerInfo resolvePort(Slot slot, ServerInfo seen, int bound) {
        // Only the first of many concurrent resolvers finds port 0 here: one store, one event.
        RegistryEvent first;
        ServerInfo resolved;
        synchronized (slot) {
            ServerInfo current = slot.info;
            // the same server's entry only: a replacement's port is its own server's to resolve
            if (current == null || current.server() != seen.server() || current.port() != 0) {
                return current;
            }
            resolved = current.withPort(bound);
            slot.show(resolved, slot.watch);
            first = slot.offer(new ServerPortResolved(slot.name, bound));
        }
        deliver(slot, first);
        return resolved;
    }

    @Override
    public Optional<InetSocketAddress> localAddress(String name) {
        return lookup(name).flatMap(info -> info.server().localAddress());
    }

    @Override
    public boolean updatePort(String name, int port) {
        ServerNames.requireValid(name); // a write: it validates like register
        Arguments.port(port, 1, "port");
        Slot slot = slots.get(name);
        if (slot == null) {
            return false;
        }
        RegistryEvent first;
        synchronized (slot) {
            ServerInfo current = slot.info;
            if (current == null) {
                return false;
            }
            slot.show(current.withPort(port), slot.watch);
            first = slot.offer(new ServerPortResolved(name, port));
        }
        deliver(slot, first);
        return true;
    }

    @Override
    public Optional<List<QuicConnection>> connections(String name) {
        return lookup(name).map(info -> List.copyOf(info.server().connections()));
    }

    @Override
    public Registration addListener(RegistryListener listener) {
        return events.subscribe(listener);
    }

    /** The options as ServerInfo takes them; it only reads them (and copies them after checking for nulls). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> readOnly(Map<String, ?> options) {
        return (Map<String, Object>) options;
    }

    /** Removes every entry of the server that {@code watch} watches: that server has terminated. */
    void removeTerminated(TerminationWatch watch) {
        for (String name : watch.names()) {
            Slot slot = slots.get(name);
            if (slot == null) {
                continue;
            }
            RegistryEvent first;
            synchronized (slot) {
                ServerInfo current = slot.info;
                if (current == null || slot.watch != watch) {
                    continue;
                }
                slot.show(null, null);
                watch.removeName(name);
                first = slot.offer(new ServerUnregistered(current, Reason.TERMINATED));
            }
            deliver(slot, first);
        }
    }

    private void deliver(Slot slot, RegistryEvent first) {
        if (first != null) {
            events.deliver(slot, first);
        }
    }

    private static ServerInfo infoOf(Slot slot) {
        return slot == null ? null : slot.info;
    }

    /** How many names have a slot in the map now: the registered ones and those whose events are being delivered. */
    int slotsHeld() {
        return slots.size();
    }

    /** How many servers this registry keeps a termination watch for (registered now or alive since). */
    int watchedServers() {
        return watches.size();
    }

    /** The names under which this registry watches {@code server}'s termination now. */
    List<String> namesWatchedFor(QuicServer server) {
        return watches.namesOf(server);
    }

    @Override
    public String toString() {
        return "LocalQuicServerRegistry" + names();
    }

    /**
     * One name's place: its entry (the info readers see, null once unregistered, and the
     * termination watch of that info's server) and the lane of its events.
     */
    private final class Slot extends Lane {
        private static final VarHandle INFO = Lane.field(MethodHandles.lookup(), Slot.class, "info", ServerInfo.class);

        private final String name;
        volatile ServerInfo info;
        /** The watch of {@code info}'s server; read and written under the monitor only. */
        TerminationWatch watch;
        /**
         * {@code info}'s port once known, as {@code port(name)} answers it. Written before
         * {@code info}, read after it, and checked against it, so it needs no fence of its own:
         * a reader that finds another port takes the slow way.
         */
        OptionalInt knownPort;

        Slot(String name) {
            this.name = name;
        }

        /**
         * Shows another entry; under the monitor. {@code info} is stored with release semantics,
         * as ConcurrentHashMap stores a bin's head under the bin's lock: one name's stores are
         * ordered by the monitor, and a reader that sees one sees the change that made it.
         */
        void show(ServerInfo shown, TerminationWatch itsWatch) {
            int port = shown == null ? 0 : shown.port();
            if (port != 0 && (knownPort == null || knownPort.getAsInt() != port)) {
                knownPort = OptionalInt.of(port); // before info: a reader that sees the new info sees its port
            }
            watch = itsWatch;
            INFO.setRelease(this, shown);
        }

        @Override
        boolean vacant() {
            return info == null;
        }

        @Override
        void leaveMap() {
            slots.remove(name, this);
        }
    }
}
