package dev.quicregistry.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The termination of a {@link QuicServer}, for implementors: a stage that completes once, plus a
 * wait that returns only after the completing thread has run every dependent action (such as a
 * registry removing the server's entry). A plain {@code future.join()} in {@code close()} can
 * return before those actions ran, leaving a dead entry visible; {@link #awaitSettled} cannot.
 */
public final class Termination {

    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private final CompletionStage<Void> stage = future.minimalCompletionStage();
    private final CountDownLatch settled = new CountDownLatch(1);
    /** Only one thread ever completes the future, so no second thread runs dependents concurrently. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** The thread running the dependents now, while it does. */
    private volatile Thread settlingThread;

    /**
     * The stage to return from {@link QuicServer#termination()}; its holders cannot complete it. A
     * failure reaches its dependents wrapped in a {@link java.util.concurrent.CompletionException}.
     */
    public CompletionStage<Void> stage() {
        return stage;
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
            if (failure == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(failure);
            }
        } finally {
            settlingThread = null;
            settled.countDown();
        }
        return true;
    }

    /** Whether it has completed (its dependents may still be running on the completing thread). */
    public boolean isDone() {
        return future.isDone();
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
}
