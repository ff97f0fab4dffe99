package dev.quicregistry.api;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The termination of a {@link QuicServer}, for implementors: a stage that completes once, plus a
 * wait that returns only after the completing thread has run every dependent action (such as a
 * registry removing the server's entry). A plain {@code future.join()} in {@code close()} can
 * return before those actions ran, leaving a dead entry visible; {@link #awaitSettled} cannot.
 *
 * <p>A registry attaches through {@link #whenSettled(CompletionStage, BiConsumer)}: on a stage of
 * this class its action runs before every other dependent, so a dependent that calls
 * {@code close()} (which cannot wait for the settling it runs in) finds the entry removed already.
 * {@code CompletableFuture} runs its dependents last-attached first, so without this a dependent
 * attached after the registration would run before the removal.
 */
public final class Termination {

    private final Stage future = new Stage();
    private final CountDownLatch settled = new CountDownLatch(1);
    /** Only one thread ever completes the future, so no second thread runs dependents concurrently. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** The thread running the dependents now, while it does. */
    private volatile Thread settlingThread;

    /**
     * The stage to return from {@link QuicServer#termination()}; its holders cannot complete it
     * ({@code toCompletableFuture()} gives them a copy). A failure reaches its dependents wrapped
     * in a {@link java.util.concurrent.CompletionException}.
     */
    public CompletionStage<Void> stage() {
        return future;
    }

    /**
     * Runs {@code action} once {@code termination} has completed: on a stage of a
     * {@code Termination}, before any dependent attached in another way, on the completing thread
     * (or on this thread, where it completed already); on any other stage, as
     * {@code whenComplete} does.
     */
    public static void whenSettled(CompletionStage<?> termination, BiConsumer<Object, ? super Throwable> action) {
        Objects.requireNonNull(action, "action must not be null");
        if (!(Objects.requireNonNull(termination, "termination must not be null") instanceof Stage stage)) {
            termination.whenComplete(action);
        } else if (!stage.runFirst(action)) {
            stage.runNow(action); // the settling took its first actions already: run it here, before it returns
        }
    }

    /** Completes normally; false where it had completed already. Runs the dependents before returning. */
    public boolean complete() {
        return settle(null);
    }

    /** Completes with the failure that stopped the server; false where it had completed already. */
    public boolean fail(Throwable cause) {
        return settle(Objects.requireNonNull(cause, "cause must not be null"));
    }

    private boolean settle(Throwable failure) {
        if (!claimed.compareAndSet(false, true)) {
            return false;
        }
        settlingThread = Thread.currentThread();
        try {
            future.settle(failure);
        } finally {
            settlingThread = null;
            settled.countDown();
        }
        return true;
    }

    /** Whether it has completed (its dependents may still be running on the completing thread). */
    public boolean isDone() {
        return future.isDecided();
    }

    /**
     * Whether the calling thread is the one running the dependents now: a dependent that closes the
     * server (and so would wait for its own caller) is on this thread.
     */
    public boolean isSettlingOnThisThread() {
        return settlingThread == Thread.currentThread();
    }

    /**
     * Waits until it has completed and the completing thread has run every dependent action.
     * Called from one of those dependents it returns false at once: it would wait for its own caller.
     *
     * @return false where {@code timeout} passed first, or where called by a dependent
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        if (isSettlingOnThisThread()) {
            return false;
        }
        return settled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The stage holders see: a future they cannot complete, with the actions that run before its
     * other dependents. Invariant: {@code first} takes actions until {@link #settle} has taken
     * them (under {@code this}), and each taken action runs once, before the future completes.
     */
    private static final class Stage extends CompletableFuture<Void> {
        private static final System.Logger LOG = System.getLogger(Termination.class.getName());
        private List<BiConsumer<Object, ? super Throwable>> first = new ArrayList<>(1);

        /** The failure the settling completes with, as dependents see it; set before the first actions run. */
        private volatile Throwable seen;
        /** Set, after {@code seen}, once the settling has begun: the outcome is decided, though dependents may not have run. */
        private volatile boolean decided;

        /** Queues an action to run before the other dependents; false where the settling has taken its first actions. */
        synchronized boolean runFirst(BiConsumer<Object, ? super Throwable> action) {
            if (first == null) {
                return false;
            }
            first.add(action);
            return true;
        }

        /** Runs an action that came after the first actions were taken: the termination is settling or settled. */
        void runNow(BiConsumer<Object, ? super Throwable> action) {
            run(action, seen);
        }

        void settle(Throwable failure) {
            // Wrapped as a dependent of a dependent sees it, so every dependent sees one shape.
            seen = failure == null ? null : new CompletionException(failure);
            decided = true;
            try {
                // Until none is left: an action queued while others run still runs before the future completes.
                for (List<BiConsumer<Object, ? super Throwable>> actions = takeFirst(); actions != null; actions = takeFirst()) {
                    for (BiConsumer<Object, ? super Throwable> action : actions) {
                        run(action, seen);
                    }
                }
            } finally {
                synchronized (this) {
                    first = null; // closed even where an action's VirtualMachineError ended the loop: later ones run at once
                }
                if (seen == null) {
                    super.complete(null);
                } else {
                    super.completeExceptionally(seen);
                }
            }
        }

        /** The first actions queued and not run yet; null, and closed to more, once there are none. */
        private synchronized List<BiConsumer<Object, ? super Throwable>> takeFirst() {
            List<BiConsumer<Object, ? super Throwable>> actions = first;
            if (actions.isEmpty()) {
                first = null;
                return null;
            }
            first = new ArrayList<>(1);
            return actions;
        }

        private static void run(BiConsumer<Object, ? super Throwable> action, Throwable failure) {
            try {
                action.accept(null, failure);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                LOG.log(Level.WARNING, "a termination action threw; the other dependents still run", e);
            }
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }

        /**
         * A copy holders may complete without effect. Once the settling has begun it is complete
         * already, with the outcome: a first action (a registry's listener told of the removal)
         * that looks at the termination finds it done, as the other dependents do.
         */
        @Override
        public CompletableFuture<Void> toCompletableFuture() {
            if (decided) {
                Throwable failure = seen;
                return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
            }
            return copy();
        }

        boolean isDecided() {
            return decided;
        }

        @Override
        public boolean complete(Void value) {
            throw readOnly();
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            throw readOnly();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            throw readOnly();
        }

        @Override
        public void obtrudeValue(Void value) {
            throw readOnly();
        }

        @Override
        public void obtrudeException(Throwable ex) {
            throw readOnly();
        }

        @Override
        public CompletableFuture<Void> completeAsync(Supplier<? extends Void> supplier, Executor executor) {
            throw readOnly();
        }

        @Override
        public CompletableFuture<Void> completeAsync(Supplier<? extends Void> supplier) {
            throw readOnly();
        }

        @Override
        public CompletableFuture<Void> orTimeout(long timeout, TimeUnit unit) {
            throw readOnly();
        }

        @Override
        public CompletableFuture<Void> completeOnTimeout(Void value, long timeout, TimeUnit unit) {
            throw readOnly();
        }

        private static UnsupportedOperationException readOnly() {
            return new UnsupportedOperationException("a server's termination is completed by the server only");
        }
    }
}
