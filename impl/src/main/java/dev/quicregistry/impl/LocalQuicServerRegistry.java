package dev.quicregistry.impl;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerNames;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.support.Arguments;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link QuicServerRegistry} of one JVM: each name's current {@link ServerInfo} held by the
 * {@link EventCore}, which keeps every delivery rule; this class says what each operation changes,
 * and removes an entry by itself when its server terminates. A read is a map lookup and one
 * volatile read; the entry is the {@code ServerInfo} readers get, nothing wraps it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Each server has one {@link TerminationWatch} in this registry, attached to its termination
 *       once however often it is registered; it holds name n while n's entry is that server's: the
 *       name is added inside n's change before the entry is shown, and taken off under n's monitor
 *       only after the next entry is shown ({@link #entryLeft}). An entry's watch is found from its
 *       server ({@link TerminationWatches#watching}). A termination removes an entry only while the
 *       name still maps to an entry of that same server, so a late termination of a replaced
 *       server never removes its replacement.</li>
 *   <li>A registration adds the name to the watch and only then reads the watch's termination
 *       flag; a termination sets the flag, then reads the names (both through the watch's
 *       monitor). So a termination racing a registration is seen by one of the two, and a server
 *       that terminated already is never visible under the name.</li>
 *   <li>A watch refers to this registry weakly and to its server not at all, so a server that
 *       outlives its registration keeps nothing of this registry reachable.</li>
 *   <li>{@code draining} maps name n to a server only while n's entry is that server's and a drain
 *       of it has begun: put inside n's change that emits {@code ServerDraining}, taken off with
 *       the watch's name ({@link #entryLeft}); so it holds at most one server per name, and a
 *       termination that finds n there removes the entry with reason {@code DRAINED}.</li>
 *   <li>No server code runs inside a change: {@code boundPort()} and {@code termination()} are read
 *       before it.</li>
 * </ul>
 */
public final class LocalQuicServerRegistry implements QuicServerRegistry {

    private final EventCore<String, ServerInfo> core;
    /** The core's map, read here directly: one load fewer per read ({@link EventCore#slotsToRead}). */
    private final ConcurrentHashMap<String, EventCore.Slot<String, ServerInfo>> slots;
    private final TerminationWatches watches = new TerminationWatches(this);
    private final ConcurrentHashMap<String, QuicServer> draining = new ConcurrentHashMap<>();
    private final Clock clock;

    /**
     * A registry reading the system clock to the millisecond (as {@link System#currentTimeMillis}:
     * the clock's finer reading cost a tenth of a registration) for each entry's
     * {@link ServerInfo#registeredAt()} and each drain's deadline; each name queues at most 1 024
     * events of others' changes.
     */
    public LocalQuicServerRegistry() {
        this(Clock.tickMillis(ZoneOffset.UTC));
    }

    /** A registry reading {@code clock} for {@link ServerInfo#registeredAt()} and for each drain's deadline. */
    public LocalQuicServerRegistry(Clock clock) {
        this(clock, EventCore.DEFAULT_BACKLOG_BOUND);
    }

    /**
     * A registry stamping entries with {@code clock}, whose names each queue at most
     * {@code backlogBound} events of others' changes while one thread delivers them; a writer
     * beyond that waits until the delivering thread is done.
     */
    public LocalQuicServerRegistry(Clock clock, int backlogBound) {
        this.clock = Arguments.notNull(clock, "clock");
        this.core = new EventCore<>(backlogBound, this::entryLeft);
        this.slots = core.slotsToRead();
    }

    @Override
    public void register(String name, QuicServer server, int port, Map<String, ?> options) {
        // The entry validates name, server, port and options, with the messages of API.md, and masks secrets.
        ServerInfo info = new ServerInfo(name, server, port, readOnly(options), clock.instant());
        core.change(name, EventCore.Write.CREATE, new Watched(info, watches.of(server)), (key, current, registered, events) -> {
            if (current != null) {
                events.emit(new ServerUnregistered(current, Reason.REPLACED));
            }
            TerminationWatch watch = registered.watch();
            watch.addName(key);
            events.emit(new ServerRegistered(registered.info()));
            ServerInfo next = registered.info();
            // Read after addName: a termination that completes later sets the flag before it reads
            // the names, so it finds this one. One that completed already: registered and gone in
            // this one change, never visible to a reader (Lincheck found the window otherwise).
            if (watch.terminated()) {
                watch.removeName(key);
                events.emit(new ServerUnregistered(registered.info(), Reason.TERMINATED));
                next = null;
            }
            return next;
        });
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
        ServerInfo before = core.change(name, EventCore.Write.UPDATE, expected, (key, current, only, events) -> {
            if (!removes(current, only)) {
                return current;
            }
            events.emit(new ServerUnregistered(current, Reason.UNREGISTERED));
            return null;
        });
        return removes(before, expected);
    }

    private static boolean removes(ServerInfo current, QuicServer expected) {
        return current != null && (expected == null || current.server() == expected);
    }

    /**
     * Takes a name off the watch of an entry the name no longer shows (unless the next entry is the
     * same server's): called by the core under the name's monitor, after the next entry is shown,
     * so a termination that no longer finds the name finds no entry of its server there either.
     */
    private void entryLeft(String name, ServerInfo before, ServerInfo after) {
        if (after == null || after.server() != before.server()) {
            watches.watching(before.server()).removeName(name);
            draining.remove(name, before.server());
        }
    }

    /** Removes every entry of the server that {@code watch} watches: that server has terminated. */
    void removeTerminated(TerminationWatch watch) {
        Settled settled = new Settled(watches, watch);
        for (String name : watch.names()) {
            core.change(name, EventCore.Write.SETTLE, settled, (key, current, terminated, events) -> {
                if (current == null || terminated.watches().watching(current.server()) != terminated.watch()) {
                    return current;
                }
                events.emit(new ServerUnregistered(current, draining.get(key) == current.server() ? Reason.DRAINED : Reason.TERMINATED));
                return null;
            });
        }
    }

    /**
     * {@inheritDoc} Every name the server is registered under here drains with it (a
     * {@code ServerDraining} each). Where {@code server.drain} throws, the names are marked draining
     * no more, and the exception is thrown on.
     *
     * @throws IllegalStateException where called by a listener of this thread's delivery: its
     *         {@code ServerDraining} could only be delivered after the drain (the deferral rule)
     */
    @Override
    public void drain(String name, Duration grace) {
        Arguments.notNull(name, "name");
        Arguments.notNegative(grace, "grace");
        if (EventCore.holdsThreadState()) {
            throw new IllegalStateException("drain(\"" + name + "\") called by a registry listener (or CDI observer) while"
                    + " it is told of a change: its ServerDraining event would only be delivered after the drain. Drain"
                    + " from another thread, e.g. an executor");
        }
        Instant deadline = deadline(clock.instant(), grace);
        ServerInfo drained = markDraining(name, null, deadline);
        if (drained == null) {
            return;
        }
        QuicServer server = drained.server();
        List<String> names = namesWatchedFor(server);
        for (String other : names) {
            if (!other.equals(name)) {
                markDraining(other, server, deadline);
            }
        }
        try {
            server.drain(grace); // outside any change: server code, and it blocks for up to grace
        } catch (RuntimeException | Error e) {
            names.forEach(marked -> draining.remove(marked, server));
            draining.remove(name, server);
            throw e;
        }
    }

    /** {@code now} plus {@code grace}; {@link Instant#MAX} ("for ever") where that is past the last instant there is. */
    private static Instant deadline(Instant now, Duration grace) {
        try {
            return now.plus(grace);
        } catch (DateTimeException | ArithmeticException pastTheLastInstant) {
            return Instant.MAX;
        }
    }

    /**
     * Marks {@code name}'s entry draining and fires ServerDraining, once per entry, while it is
     * {@code expected}'s (any server's where null); returns the entry as it was, null where none.
     */
    private ServerInfo markDraining(String name, QuicServer expected, Instant deadline) {
        return core.change(name, EventCore.Write.UPDATE, deadline, (key, current, until, events) -> {
            if (current != null && (expected == null || current.server() == expected) && draining.get(key) != current.server()) {
                draining.put(key, current.server());
                events.emit(new ServerDraining(current, until)); // once per entry: a second drain only waits
            }
            return current;
        });
    }

    @Override
    public boolean isDraining(String name) {
        ServerInfo entry = entry(Arguments.notNull(name, "name"));
        return entry != null && draining.get(name) == entry.server();
    }

    @Override
    @SuppressWarnings("unchecked") // the core holds ServerInfo only
    public Optional<ServerInfo> lookup(String name) {
        Arguments.notNull(name, "name");
        // Taken as an Object, so no cast reads the entry's header: a read touches the map's node and the slot only.
        Object entry = EventCore.valueOf(slots.get(name));
        return (Optional<ServerInfo>) (Optional<?>) Optional.ofNullable(entry);
    }

    @Override
    public Set<String> names() {
        Set<String> live = new TreeSet<>();
        core.forEach((name, entry) -> live.add(name));
        return Collections.unmodifiableSet(live);
    }

    /** The entry {@code name} shows now; null where none. Takes no lock. */
    private ServerInfo entry(String name) {
        return EventCore.valueOf(slots.get(name));
    }

    @Override
    public OptionalInt port(String name) {
        EventCore.Slot<String, ServerInfo> slot = slots.get(Arguments.notNull(name, "name"));
        ServerInfo seen = EventCore.valueOf(slot);
        if (seen == null) {
            return OptionalInt.empty();
        }
        // The slot keeps a port an earlier read answered, as an OptionalInt, so a read allocates
        // nothing; it is used only where it is the port of the entry read above, so a write racing
        // this read, or an older read's late store, cannot mix two entries.
        int port = seen.port();
        if (EventCore.derivedOf(slot) instanceof OptionalInt known && known.getAsInt() == port) {
            return known;
        }
        return portNotKept(name, slot, seen);
    }

    /**
     * {@link #port}'s slow way, where the slot keeps no {@code OptionalInt} of the entry's port: a
     * port registered as 0 is resolved here if its server has bound one, and a port answered is
     * kept by {@code slot} for the next read (an empty answer is not: its {@code OptionalInt} is
     * shared). A slot that left the map meanwhile keeps it harmlessly: nobody reads it again.
     */
    private OptionalInt portNotKept(String name, EventCore.Slot<String, ServerInfo> slot, ServerInfo seen) {
        while (seen != null && seen.port() == 0) {
            int bound = seen.server().boundPort();
            if (bound < 1 || bound > 65535) {
                return OptionalInt.empty(); // its server reports no bound port yet
            }
            resolvePort(name, seen.server(), bound);
            // resolved now, or replaced meanwhile by an entry that may need resolving too (found by Lincheck)
            seen = entry(name);
        }
        if (seen == null) {
            return OptionalInt.empty();
        }
        OptionalInt known = OptionalInt.of(seen.port());
        EventCore.remember(slot, known);
        return known;
    }

    /**
     * Stores {@code bound} as the port of {@code server}'s entry and fires ServerPortResolved, once,
     * while the name still shows that server with port 0: only the first of many concurrent
     * resolvers finds port 0, and a replacement's port is its own server's to resolve.
     */
    private void resolvePort(String name, QuicServer server, int bound) {
        core.change(name, EventCore.Write.UPDATE, new BoundPort(server, bound), (key, current, resolved, events) -> {
            if (current == null || current.server() != resolved.server() || current.port() != 0) {
                return current;
            }
            events.emit(new ServerPortResolved(key, resolved.port()));
            return current.withPort(resolved.port());
        });
    }

    @Override
    public Optional<InetSocketAddress> localAddress(String name) {
        return lookup(name).flatMap(info -> info.server().localAddress());
    }

    @Override
    public boolean updatePort(String name, int port) {
        ServerNames.requireValid(name); // a write: it validates like register
        Arguments.port(port, 1, "port");
        ServerInfo before = core.change(name, EventCore.Write.UPDATE, port, (key, current, updated, events) -> {
            if (current == null) {
                return null;
            }
            events.emit(new ServerPortResolved(key, updated));
            return current.withPort(updated);
        });
        return before != null;
    }

    @Override
    public Optional<List<QuicConnection>> connections(String name) {
        return lookup(name).map(info -> List.copyOf(info.server().connections()));
    }

    @Override
    public Registration addListener(RegistryListener listener) {
        return core.subscribe(listener);
    }

    /** The options as ServerInfo takes them; it only reads them (and copies them after checking for nulls). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> readOnly(Map<String, ?> options) {
        return (Map<String, Object>) options;
    }

    /** How many names have a slot now: the registered ones and those whose events are being delivered. */
    int slotsHeld() {
        return core.slotsHeld();
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

    /** The port a server has bound, for the change that stores it. */
    private record BoundPort(QuicServer server, int port) {
    }

    /** A registration's entry and the watch of its server, for the change that stores it. */
    private record Watched(ServerInfo info, TerminationWatch watch) {
    }

    /** A terminated server's watch, and where to find the watch of an entry's server, for the changes that remove its entries. */
    private record Settled(TerminationWatches watches, TerminationWatch watch) {
    }
}
