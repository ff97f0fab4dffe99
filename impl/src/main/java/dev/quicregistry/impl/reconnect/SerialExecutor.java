package dev.quicregistry.impl.reconnect;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs submitted tasks one at a time, in submission order, on the submitting threads themselves:
 * whoever finds it idle runs everything queued until the queue is empty.
 *
 * <p>Invariants: at most one thread runs tasks at a time ({@code runner}, taken by CAS from null);
 * a task submitted from inside a running task runs after it, on the same thread; a task queued by a
 * thread whose CAS failed just before the runner let go is picked up by the re-check of the loop.
 */
final class SerialExecutor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Thread> runner = new AtomicReference<>();

    void execute(Runnable task) {
        tasks.add(task);
        Thread me = Thread.currentThread();
        while (!tasks.isEmpty() && runner.compareAndSet(null, me)) {
            try {
                for (Runnable next; (next = tasks.poll()) != null; ) {
                    runSafely(next);
                }
            } finally {
                runner.set(null);
            }
        }
    }

    /** Whether the calling thread is running this executor's tasks now. */
    boolean isRunningOnCurrentThread() {
        return runner.get() == Thread.currentThread();
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            LOG.log(Level.ERROR, "reconnector task " + task + " failed; the next task runs", e);
        }
    }
}
