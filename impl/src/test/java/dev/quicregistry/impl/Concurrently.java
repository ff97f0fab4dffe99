package dev.quicregistry.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the same random steps on several threads that start together, bounded in count and time. */
final class Concurrently {

    /** One step of one thread. */
    @FunctionalInterface
    interface Step {
        void run(Random random, String label);
    }

    private Concurrently() {
    }

    /** Runs {@code steps} steps on each of {@code threads} threads; thread t draws from {@code new Random(seed + t)}. */
    static void run(int threads, int steps, long seed, Step step) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed + t);
                String thread = "w" + t + "-";
                workers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < steps; i++) {
                        step.run(random, thread + i);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
