package dev.quicregistry.impl;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.Termination;
import dev.quicregistry.support.Arguments;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The termination watches of one registry, one per server, keyed by the server's identity and
 * held weakly: a watch is found again however often its server is registered, and is dropped
 * once the server itself is garbage.
 */
final class TerminationWatches {

    private final LocalQuicServerRegistry registry;
    private final ConcurrentHashMap<Object, TerminationWatch> byServer = new ConcurrentHashMap<>();
    private final ReferenceQueue<QuicServer> collected = new ReferenceQueue<>();

    TerminationWatches(LocalQuicServerRegistry registry) {
        this.registry = registry;
    }

    /**
     * The server's watch, attached to its termination the first time. Call outside any lock: a
     * termination that completed already runs the watch at once, on this thread.
     */
    TerminationWatch of(QuicServer server) {
        expungeCollected();
        TerminationWatch known = watching(server);
        if (known != null) {
            return known;
        }
        CompletionStage<Void> termination = Arguments.notNull(server.termination(), "server.termination()");
        TerminationWatch created = new TerminationWatch(registry);
        // Attached before it is published: whoever finds the watch in the map finds it attached, so
        // its terminated() is true once the termination completed (Lincheck found the window where a
        // registration on another thread found it unattached after the termination had completed).
        // Two first registrations racing attach two watches; the loser holds no name and does nothing.
        // Through Termination: on a binding's Termination the removal runs before every other
        // dependent, so a dependent that calls close() finds the entry gone (API.md).
        Termination.whenSettled(termination, created);
        TerminationWatch raced = byServer.putIfAbsent(new ServerKey(server, collected), created);
        return raced != null ? raced : created;
    }

    /**
     * The watch of a server that has one: every server registered now has (it is made before its
     * registration, and its weak key lives as long as the entry holds the server).
     */
    TerminationWatch watching(QuicServer server) {
        return byServer.get(new Probe(server));
    }

    /** How many servers have a watch now, dead keys included until the next {@link #of} drops them (for tests of what is kept). */
    int size() {
        return byServer.size();
    }

    /** The names {@code server}'s watch holds now; none where it has no watch (for tests of what is kept). */
    List<String> namesOf(QuicServer server) {
        TerminationWatch watch = watching(server);
        return watch == null ? List.of() : List.of(watch.names());
    }

    private void expungeCollected() {
        for (Reference<? extends QuicServer> gone; (gone = collected.poll()) != null; ) {
            byServer.remove(gone);
        }
    }

    /** A weak, identity-compared key. Once cleared it equals only itself, so it can still be removed. */
    static final class ServerKey extends WeakReference<QuicServer> {
        private final int hash;

        ServerKey(QuicServer server, ReferenceQueue<QuicServer> queue) {
            super(server, queue);
            this.hash = System.identityHashCode(server);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object server = get();
            return server != null && (other instanceof Probe probe && probe.server == server
                    || other instanceof ServerKey key && key.get() == server);
        }
    }

    /** A strong, short-lived key to look a server up with. */
    static final class Probe {
        private final QuicServer server;

        Probe(QuicServer server) {
            this.server = server;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(server);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ServerKey key && key.get() == server
                    || other instanceof Probe probe && probe.server == server;
        }
    }
}
