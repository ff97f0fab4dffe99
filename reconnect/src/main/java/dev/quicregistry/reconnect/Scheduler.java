package dev.quicregistry.reconnect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the only way a {@link Reconnector} waits, so that tests can replace
 * real time with a virtual clock.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once, after {@code delay} (zero: as soon as possible, never on the calling thread's stack). */
    Scheduled schedule(Duration delay, Runnable task);

    /** A task handed to {@link #schedule}; cancelling it is idempotent. */
    @FunctionalInterface
    interface Scheduled {
        /** Makes sure the task does not run if it has not started yet. */
        void cancel();
    }

    /** A scheduler over the given executor, which the caller owns (it is never shut down here). */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        return (delay, task) -> {
            var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
