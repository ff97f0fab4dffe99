package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.testing.LogCapture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event thread's queue has a bound: what overflows is dropped and logged, and the thread goes on. */
class DirectoryThreadsTest {

    @Test
    void tasksBeyondTheBoundAreDroppedAndLoggedAndTheOthersRun() throws Exception {
        ExecutorService events = DirectoryThreads.single("bounded-events", 2);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try (LogCapture log = LogCapture.of(DirectoryThreads.class)) {
            events.execute(() -> {
                started.countDown();
                awaitQuietly(blocking);
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 3; i++) {
                int task = i;
                events.execute(() -> ran.add(task)); // the queue holds 2: the third is dropped
            }

            blocking.countDown();
            events.shutdown();
            assertThat(events.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(ran).containsExactly(1, 2);
            assertThat(log.errors()).containsExactly("bounded-events: 2 tasks already wait; one is dropped");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
