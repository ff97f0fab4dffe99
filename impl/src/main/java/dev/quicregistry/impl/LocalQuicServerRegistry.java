package dev.quicregistry.impl;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerNames;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.api.support.Arguments;
import dev.quicregistry.impl.EventDispatcher.Publication;
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
 * The {@link QuicServerRegistry} of one JVM: named servers in a {@link ConcurrentHashMap}, read
 * without locks, each entry removed by itself when its server terminates.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every change of a name is one {@code compute} on the map, which also queues the change's
 *       events, so one name's events are queued in the order its changes took effect.</li>
 *   <li>Each server has one {@link TerminationWatch} in this registry, attached to its termination
 *       once however often it is registered; a termination removes an entry only while the name
 *       still maps to an entry of that same server (compare-and-remove), so a late termination of
 *       a replaced server never removes its replacement.</li>
 *   <li>A watch refers to this registry weakly and to its server not at all, so a server that
 *       outlives its registration keeps nothing of this registry reachable.</li>
 *   <li>A name is added to a watch inside the {@code compute} that registers it and the watch's
 *       termination flag is checked after, in the same {@code compute}, so a termination racing a
 *       registration is seen by one of the two, and a server that terminated already is never
 *       visible under the name.</li>
 *   <li>No listener or server code runs inside a {@code compute}; events are delivered after it.</li>
 * </ul>
 */
public final class LocalQuicServerRegistry implements QuicServerRegistry {

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
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
        Entry entry = new Entry(info, watch);
        Publication change = events.open(name);
        Entry[] replaced = new Entry[1];
        try {
            entries.compute(name, (key, previous) -> {
                if (previous != null) {
                    replaced[0] = previous;
                    change.add(new ServerUnregistered(previous.info, Reason.REPLACED));
                }
                watch.addName(name);
                change.add(new ServerRegistered(info));
                // Checked after addName: a termination that completes later sets the flag before it
                // reads the names, so it finds this one. One that completed already: registered and
                // gone in this one step, never visible to a reader (Lincheck found the window otherwise).
                if (watch.terminated()) {
                    watch.removeName(name);
                    change.add(new ServerUnregistered(info, Reason.TERMINATED));
                    return null;
                }
                return entry;
            });
        } finally {
            events.publish(change);
        }
        forgetName(name, replaced[0]);
    }

    @Override
    public void unregister(String name) {
        Arguments.notNull(name, "name");
        Publication change = events.open(name);
        Entry[] removed = new Entry[1];
        try {
            entries.computeIfPresent(name, (key, current) -> {
                removed[0] = current;
                change.add(new ServerUnregistered(current.info, Reason.UNREGISTERED));
                return null;
            });
        } finally {
            events.publish(change);
        }
        forgetName(name, removed[0]);
    }

    /**
     * Takes {@code name} off the watch of an entry that left the map, once the map's change is
     * visible and only while the map does not map the name to that watch again: under the name's
     * lock, so no registration of the name interleaves. Never inside the removing {@code compute}
     * itself: a termination reading the watch's names meanwhile would miss a name whose entry is
     * still visible, and return with it still there (Lincheck found that history).
     */
    private void forgetName(String name, Entry left) {
        if (left == null) {
            return;
        }
        entries.compute(name, (key, current) -> {
            if (current == null || current.watch != left.watch) {
                left.watch.removeName(name);
            }
            return current; // unchanged; absent stays absent
        });
    }

    @Override
    public boolean unregister(String name, QuicServer server) {
        Arguments.notNull(name, "name");
        Arguments.notNull(server, "server");
        boolean[] removed = new boolean[1];
        Entry[] left = new Entry[1];
        Publication change = events.open(name);
        try {
            entries.computeIfPresent(name, (key, current) -> {
                if (current.info.server() != server) {
                    return current;
                }
                left[0] = current;
                change.add(new ServerUnregistered(current.info, Reason.UNREGISTERED));
                removed[0] = true;
                return null;
            });
        } finally {
            events.publish(change);
        }
        forgetName(name, left[0]);
        return removed[0];
    }

    @Override
    public Optional<ServerInfo> lookup(String name) {
        Arguments.notNull(name, "name");
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.info);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    @Override
    public OptionalInt port(String name) {
        // The entry holds its port as an OptionalInt already: reading a known port allocates nothing.
        Entry seen = entries.get(Arguments.notNull(name, "name"));
        while (seen != null && seen.knownPort.isEmpty()) {
            Entry now = resolvePort(name, seen);
            if (now == seen) {
                return OptionalInt.empty(); // its server reports no bound port yet
            }
            seen = now; // resolved, or replaced meanwhile by an entry that may need resolving too (found by Lincheck)
        }
        return seen == null ? OptionalInt.empty() : seen.knownPort;
    }

    /**
     * Resolves a registered 0 from the server's bound port, storing it and firing ServerPortResolved
     * once; returns the entry mapped now ({@code seen} itself where the server has no bound port).
     */
    private Entry resolvePort(String name, Entry seen) {
        int bound = seen.info.server().boundPort();
        if (bound < 1 || bound > 65535) {
            return seen;
        }
        // Only the first of many concurrent resolvers finds port 0 inside compute: one store, one event.
        Publication change = events.open(name);
        try {
            return entries.computeIfPresent(name, (key, current) -> {
                if (current.watch != seen.watch || current.info.port() != 0) {
                    return current;
                }
                change.add(new ServerPortResolved(name, bound));
                return current.withPort(bound);
            });
        } finally {
            events.publish(change);
        }
    }

    @Override
    public Optional<InetSocketAddress> localAddress(String name) {
        return lookup(name).flatMap(info -> info.server().localAddress());
    }

    @Override
    public boolean updatePort(String name, int port) {
        ServerNames.requireValid(name); // a write: it validates like register
        Arguments.port(port, 1, "port");
        Publication change = events.open(name);
        Entry now;
        try {
            now = entries.computeIfPresent(name, (key, current) -> {
                change.add(new ServerPortResolved(name, port));
                return current.withPort(port);
            });
        } finally {
            events.publish(change);
        }
        return now != null;
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
            Publication change = events.open(name);
            try {
                entries.computeIfPresent(name, (key, current) -> {
                    if (current.watch != watch) {
                        return current;
                    }
                    watch.removeName(name);
                    change.add(new ServerUnregistered(current.info, Reason.TERMINATED));
                    return null;
                });
            } finally {
                events.publish(change);
            }
        }
    }

    /** How many servers this registry keeps a termination watch for (registered now or alive since). */
    int watchedServers() {
        return watches.size();
    }

    @Override
    public String toString() {
        return "LocalQuicServerRegistry" + names();
    }

    /**
     * An entry: what lookups see, the watch that ties it to its server's termination, and its
     * port as {@code port(name)} answers it while known (empty while 0).
     */
    private record Entry(ServerInfo info, TerminationWatch watch, OptionalInt knownPort) {
        Entry(ServerInfo info, TerminationWatch watch) {
            this(info, watch, info.port() == 0 ? OptionalInt.empty() : OptionalInt.of(info.port()));
        }

        Entry withPort(int port) {
            return new Entry(info.withPort(port), watch);
        }
    }
}
