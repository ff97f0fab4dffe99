package dev.quicregistry.reconnect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on a virtual clock: nothing runs until the test moves the clock, and then it
 * runs on the test's thread, so backoff tests take no real time.
 */
final class VirtualScheduler implements Scheduler {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final List<Duration> requestedDelays = new ArrayList<>();
    private long nowNanos;
    private long sequence;

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable task) {
        requestedDelays.add(delay);
        Task scheduled = new Task(nowNanos + delay.toNanos(), sequence++, task);
        tasks.add(scheduled);
        return () -> {
            synchronized (VirtualScheduler.this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Moves the clock to the earliest task and runs it; false when nothing is scheduled. */
    boolean runNext() {
        Task next;
        synchronized (this) {
            next = tasks.poll();
            if (next == null) {
                return false;
            }
            nowNanos = next.dueNanos;
        }
        next.task.run();
        return true;
    }

    /** Virtual time since this scheduler was made. */
    synchronized Duration now() {
        return Duration.ofNanos(nowNanos);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized int pending() {
        return tasks.size();
    }

    /** Every delay asked for, in order. */
    synchronized List<Duration> requestedDelays() {
        return List.copyOf(requestedDelays);
    }

    private static final class Task implements Comparable<Task> {
        final long dueNanos;
        final long sequence;
        final Runnable task;

        Task(long dueNanos, long sequence, Runnable task) {
            this.dueNanos = dueNanos;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
