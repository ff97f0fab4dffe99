package dev.quicregistry.impl;

import java.lang.ref.WeakReference;
import java.util.Arrays;
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
 * this watch; it is changed inside n's change, under this watch's monitor (two names of one server
 * change under two different slots' monitors). A copy-on-write array: a server nearly always has
 * one name.
 */
final class TerminationWatch implements BiConsumer<Object, Throwable> {

    private static final String[] NO_NAMES = {};

    private final WeakReference<LocalQuicServerRegistry> registry;
    private String[] names = NO_NAMES;
    private volatile boolean terminated;

    TerminationWatch(LocalQuicServerRegistry registry) {
        this.registry = new WeakReference<>(registry);
    }

    /** Notes that the registry maps {@code name} to this watch's server now. */
    synchronized void addName(String name) {
        if (!Arrays.asList(names).contains(name)) {
            String[] next = Arrays.copyOf(names, names.length + 1);
            next[names.length] = name;
            names = next;
        }
    }

    /** Notes that the registry no longer maps {@code name} to this watch's server. */
    synchronized void removeName(String name) {
        int index = Arrays.asList(names).indexOf(name);
        if (index >= 0) {
            String[] next = names.length == 1 ? NO_NAMES : new String[names.length - 1];
            System.arraycopy(names, 0, next, 0, index);
            System.arraycopy(names, index + 1, next, index, names.length - index - 1);
            names = next;
        }
    }

    /** The names this watch's server is registered under now (a snapshot). */
    synchronized String[] names() {
        return names;
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
