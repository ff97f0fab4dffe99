package dev.quicregistry.support;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The listeners of one source, each added as its own subscription (adding one listener twice gives
 * two independent registrations), called in the order they were added; a listener that throws does
 * not stop the others.
 *
 * <p>Invariants: {@code subscriptions} is replaced, never changed (copy-on-write under
 * {@code lock}), so a notification reads one array without a lock and without allocating; a
 * subscription removed while a notification runs may still get that one notification.
 *
 * @param <L> the listener type
 */
public final class ListenerList<L> {

    private final Object lock = new Object();
    private volatile Subscription<?>[] subscriptions = new Subscription<?>[0];

    /** Adds {@code listener} until the returned action runs (running it again does nothing). */
    public Runnable add(L listener) {
        Arguments.notNull(listener, "listener");
        Subscription<L> subscription = new Subscription<>(listener);
        synchronized (lock) {
            Subscription<?>[] now = subscriptions;
            Subscription<?>[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = subscription;
            subscriptions = next;
        }
        return () -> remove(subscription);
    }

    /** How many subscriptions there are now. */
    public int size() {
        return subscriptions.length;
    }

    /**
     * Calls {@code call} with every listener; where one throws an exception or an error (but a
     * {@link VirtualMachineError}, which is rethrown), hands the listener and what it threw to
     * {@code onFailure} and goes on with the next.
     */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super L> call, BiConsumer<? super L, Throwable> onFailure) {
        for (Subscription<?> subscription : subscriptions) {
            L listener = ((Subscription<L>) subscription).listener;
            try {
                call.accept(listener);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                onFailure.accept(listener, e);
            }
        }
    }

    private void remove(Subscription<?> subscription) {
        synchronized (lock) {
            Subscription<?>[] now = subscriptions;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == subscription) {
                    Subscription<?>[] next = new Subscription<?>[now.length - 1];
                    System.arraycopy(now, 0, next, 0, i);
                    System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                    subscriptions = next;
                    return;
                }
            }
        }
    }

    /** A listener as added: the identity of one registration. */
    private static final class Subscription<L> {
        final L listener;

        Subscription(L listener) {
            this.listener = listener;
        }
    }
}
