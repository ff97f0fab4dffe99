package dev.quicregistry.impl;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The one callback a {@link LocalQuicServerRegistry} attaches to one server's termination, and
 * the names under which that server is registered there now.
 *
 * <p>A {@code CompletionStage} cannot drop a dependent, so the watch is attached once per server
 * and reused by every later registration of it; it refers to its registry only weakly, so a server
 * that outlives its registration never keeps the registry reachable.
 *
 * <p>Invariant: {@code names} holds name n exactly while the registry maps n to an entry with
 * this watch; it is changed only inside the map's {@code compute} for n.
 */
final class TerminationWatch implements BiConsumer<Object, Throwable> {

    private final WeakReference<LocalQuicServerRegistry> registry;
    final Set<String> names = ConcurrentHashMap.newKeySet();
    private volatile boolean terminated;

    TerminationWatch(LocalQuicServerRegistry registry) {
        this.registry = new WeakReference<>(registry);
    }

    /** Whether the server's termination has completed. */
    boolean terminated() {
        return terminated;
    }

    @Override
    public void accept(Object ignored, Throwable failure) {
        terminated = true;
        LocalQuicServerRegistry target = registry.get();
        if (target != null) {
            target.removeTerminated(this);
        }
    }
}
