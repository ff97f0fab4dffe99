package dev.quicregistry.impl;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
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
 * this watch; it is changed only under the monitor of n's slot. It is a copy-on-write
 * array swapped by CAS: a server nearly always has one name, and one CAS is cheaper than a
 * concurrent set's insert and removal on every registration.
 */
final class TerminationWatch implements BiConsumer<Object, Throwable> {

    private static final String[] NO_NAMES = {};

    private final WeakReference<LocalQuicServerRegistry> registry;
    private final AtomicReference<String[]> names = new AtomicReference<>(NO_NAMES);
    private volatile boolean terminated;

    TerminationWatch(LocalQuicServerRegistry registry) {
        this.registry = new WeakReference<>(registry);
    }

    /** Notes that the registry maps {@code name} to this watch's server now. */
    void addName(String name) {
        for (String[] now = names.get(); ; now = names.get()) {
            if (Arrays.asList(now).contains(name)) {
                return;
            }
            String[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = name;
            if (names.compareAndSet(now, next)) {
                return;
            }
        }
    }

    /** Notes that the registry no longer maps {@code name} to this watch's server. */
    void removeName(String name) {
        for (String[] now = names.get(); ; now = names.get()) {
            int index = Arrays.asList(now).indexOf(name);
            if (index < 0) {
                return;
            }
            String[] next = now.length == 1 ? NO_NAMES : new String[now.length - 1];
            System.arraycopy(now, 0, next, 0, index);
            System.arraycopy(now, index + 1, next, index, now.length - index - 1);
            if (names.compareAndSet(now, next)) {
                return;
            }
        }
    }

    /** The names this watch's server is registered under now (a snapshot). */
    String[] names() {
        return names.get();
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
