package dev.quicregistry.impl.reconnect;

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

    /**
     * Runs {@code task} on this scheduler's thread as soon as it is free.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the scheduler is stopping
     */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** The name of this scheduler's thread. */
    public String threadName() {
        return threadName;
    }

    /** Whether the thread has ended after {@link #close()}. */
    public boolean isTerminated() {
        return executor.isTerminated();
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
