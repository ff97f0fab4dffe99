package dev.quicregistry.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Whoever finds the loop idle drains; nothing asked for is lost, and rounds never overlap. */
class DrainLoopTest {

    @Test
    void everyItemQueuedByManyThreadsIsDrainedOnceAndRoundsNeverOverlap() throws Exception {
        Queue<Integer> queue = new ConcurrentLinkedQueue<>();
        List<Integer> drained = new ArrayList<>(); // touched only inside rounds: overlapping rounds would break it
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        DrainLoop loop = new DrainLoop(() -> {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            for (Integer next; (next = queue.poll()) != null; ) {
                drained.add(next);
            }
            inside.decrementAndGet();
        });
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    queue.add(base + i);
                    loop.request();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : done) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(overlaps).hasValue(0);
        assertThat(queue).isEmpty();
        synchronized (drained) {
            assertThat(drained).hasSize(threads * perThread).doesNotHaveDuplicates();
        }
    }

    @Test
    void aRequestFromInsideARoundIsServedAfterItOnTheSameThread() {
        Queue<String> queue = new ConcurrentLinkedQueue<>(List.of("first"));
        List<String> log = new ArrayList<>();
        DrainLoop[] loop = new DrainLoop[1];
        loop[0] = new DrainLoop(() -> {
            for (String next; (next = queue.poll()) != null; ) {
                log.add(next + " starts on " + Thread.currentThread().getName());
                if (next.equals("first")) {
                    queue.add("nested");
                    loop[0].request();
                }
                log.add(next + " ends");
            }
        });
        String me = Thread.currentThread().getName();

        loop[0].request();

        assertThat(log).containsExactly("first starts on " + me, "first ends", "nested starts on " + me, "nested ends");
        assertThat(loop[0].isRunningOnCurrentThread()).isFalse();
    }

    @Test
    void aRoundThatThrowsLetsTheLoopGo() {
        List<String> log = new ArrayList<>();
        DrainLoop loop = new DrainLoop(() -> {
            log.add("ran");
            if (log.size() == 1) {
                throw new IllegalStateException("boom");
            }
        });

        assertThatIllegalStateException().isThrownBy(loop::request).withMessage("boom");
        loop.request();

        assertThat(log).containsExactly("ran", "ran");
    }
}
