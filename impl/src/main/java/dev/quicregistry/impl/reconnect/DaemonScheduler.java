package dev.quicregistry.impl.reconnect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on one daemon thread of its own, named so it can be found in a thread dump;
 * {@link #close()} shuts the thread down. What a {@link Reconnector} uses when it is given no scheduler.
 */
public final class DaemonScheduler implements Scheduler, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;
    private final String threadName;

    /** Starts nothing yet: the thread is created with the first task. */
    public DaemonScheduler(String threadName) {
        this.threadName = Objects.requireNonNull(threadName, "threadName must not be null");
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** The name of this scheduler's thread. */
    public String threadName() {
        return threadName;
    }

    /** Whether the thread has ended after {@link #close()}. */
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    /**
     * Cancels what is scheduled and stops the thread; a task running now finishes. Waits up to
     * {@code timeout} for the thread to end, unless called on that thread; true when it has ended.
     */
    public boolean shutdown(Duration timeout) {
        executor.shutdownNow();
        if (Thread.currentThread().getName().equals(threadName) && !executor.isTerminated()) {
            return false;
        }
        try {
            return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return executor.isTerminated();
        }
    }

    /** {@link #shutdown(Duration)} with a one-second bound. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(1));
    }
}
