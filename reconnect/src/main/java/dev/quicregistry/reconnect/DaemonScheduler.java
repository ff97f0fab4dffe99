package dev.quicregistry.reconnect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on one daemon thread of its own, named so it can be found in a thread dump;
 * {@link #close()} shuts the thread down. What a {@link Reconnector} uses when it is given no
 * scheduler, and what transport clients use for their callbacks. Stopping never interrupts a task
 * that is running: it finishes, and what is still waiting is dropped.
 */
public final class DaemonScheduler implements Scheduler, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;
    /** The one thread, once created: who "this scheduler's thread" is, by identity, not by name. */
    private volatile Thread thread;

    /** Starts nothing yet: the thread is created with the first task. */
    public DaemonScheduler(String threadName) {
        Objects.requireNonNull(threadName, "threadName must not be null");
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = new Thread(runnable, threadName);
            created.setDaemon(true);
            thread = created;
            return created;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /**
     * Runs {@code task} on this scheduler's thread as soon as it is free.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the scheduler is stopping
     */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Drops what is waiting and lets the thread end once a task running now has finished; waits for nothing. */
    public void stop() {
        executor.shutdown();
    }

    /**
     * {@link #stop()}, then waits up to {@code timeout} for the thread to end, unless called on that
     * thread; true when it has ended.
     */
    public boolean shutdown(Duration timeout) {
        stop();
        return awaitStopped(timeout);
    }

    /** Waits up to {@code timeout} for the thread to end after a stop, unless called on that thread; true when it has ended. */
    public boolean awaitStopped(Duration timeout) {
        if (isCurrentThread() && !executor.isTerminated()) {
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

    /** Whether the calling thread is this scheduler's thread. */
    public boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }
}
