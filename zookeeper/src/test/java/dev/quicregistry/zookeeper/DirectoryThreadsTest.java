package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.testing.LogCapture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The directory's two daemon threads; the event thread's queue has a bound: what overflows is dropped and logged, and the thread goes on. */
class DirectoryThreadsTest {

    @Test
    void tasksBeyondTheBoundAreDroppedCountedAndLoggedOnceAndTheOthersRun() throws Exception {
        AtomicLong dropped = new AtomicLong();
        ExecutorService events = DirectoryThreads.single("bounded-events", 2, dropped);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try (LogCapture log = LogCapture.of(DirectoryThreads.class)) {
            events.execute(() -> {
                started.countDown();
                awaitQuietly(blocking);
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 5; i++) {
                int task = i;
                events.execute(() -> ran.add(task)); // the queue holds 2: the last three are dropped
            }

            blocking.countDown();
            events.shutdown();
            assertThat(events.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(ran).containsExactly(1, 2);
            assertThat(dropped).hasValue(3);
            assertThat(log.warnings()).containsExactly("bounded-events: 2 tasks already wait; this one and any further are"
                    + " dropped, and counted (ZooKeeperDirectory.droppedEvents())");
        }
    }

    @Test
    void bothThreadsAreDaemonsOfTheGivenName() throws Exception {
        ExecutorService events = DirectoryThreads.single("events-thread", 1, new AtomicLong());
        ScheduledExecutorService publisher = DirectoryThreads.scheduled("publisher-thread");
        try {
            Thread eventThread = events.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            Thread publisherThread = publisher.schedule(Thread::currentThread, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);

            assertThat(eventThread.isDaemon()).isTrue();
            assertThat(eventThread.getName()).isEqualTo("events-thread");
            assertThat(publisherThread.isDaemon()).isTrue();
            assertThat(publisherThread.getName()).isEqualTo("publisher-thread");
        } finally {
            events.shutdown();
            publisher.shutdown();
        }
    }

    @Test
    void thePublisherDropsItsDelayedTasksWhenItStops() throws Exception {
        ScheduledExecutorService publisher = DirectoryThreads.scheduled("publisher-thread");
        ScheduledFuture<?> later = publisher.schedule(() -> { }, 1, TimeUnit.HOURS);

        publisher.shutdown();

        assertThat(publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(later.isDone()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
