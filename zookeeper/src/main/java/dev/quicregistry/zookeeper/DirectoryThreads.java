package dev.quicregistry.zookeeper;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The directory's own threads: one that publishes (in order, so a name's publications never
 * overtake each other), and can run a task later; one that delivers events to listeners (in the
 * order seen), with a bounded queue: what overflows is dropped, counted and logged once.
 */
final class DirectoryThreads {

    /** How many tasks may wait for one thread; far above what a fleet's changes queue. */
    static final int QUEUE_BOUND = 100_000;

    private static final System.Logger LOG = System.getLogger(DirectoryThreads.class.getName());

    private DirectoryThreads() {
    }

    /**
     * A single daemon thread named {@code name} that can run tasks later; delayed tasks are dropped
     * at shutdown. Its queue has no bound of its own: its users keep it short (the publication
     * queues one reconciliation at a time).
     */
    static ScheduledExecutorService scheduled(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> daemon(task, name));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /**
     * A single daemon thread named {@code name} with a queue of at most {@code bound} tasks; each
     * task dropped beyond it is counted in {@code dropped}, and the first is logged (one WARNING).
     */
    static ExecutorService single(String name, int bound, AtomicLong dropped) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(bound), task -> daemon(task, name),
                (task, executor) -> {
                    if (!executor.isShutdown() && dropped.getAndIncrement() == 0) {
                        LOG.log(Level.WARNING, () -> name + ": " + bound + " tasks already wait; this one and any further"
                                + " are dropped, and counted (ZooKeeperDirectory.droppedEvents())");
                    }
                });
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
