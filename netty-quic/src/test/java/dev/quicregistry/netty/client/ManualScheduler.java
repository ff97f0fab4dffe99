package dev.quicregistry.netty.client;

import dev.quicregistry.reconnect.Scheduler;
import dev.quicregistry.testing.QuicTestClient;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A backoff {@link Scheduler} that runs nothing by itself: the test runs each retry when its own
 * steps are done, so a reconnection's order against a server restart is fixed, not timed.
 */
final class ManualScheduler implements Scheduler {

    private final LinkedBlockingQueue<Task> tasks = new LinkedBlockingQueue<>();

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(delay, task);
        tasks.add(scheduled);
        return () -> tasks.remove(scheduled);
    }

    /** Waits (bounded) for the next scheduled retry and runs it on the calling thread; returns its delay. */
    Duration runNext() throws InterruptedException {
        Task next = tasks.poll(QuicTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no retry was scheduled within " + QuicTestClient.TIMEOUT_SECONDS + " s");
        }
        next.task.run();
        return next.delay;
    }

    /** Retries scheduled and not run or cancelled. */
    int pending() {
        return tasks.size();
    }

    private record Task(Duration delay, Runnable task) {
    }
}
