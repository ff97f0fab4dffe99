package dev.quicregistry.reconnect;

import dev.quicregistry.support.DrainLoop;
import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs submitted tasks one at a time, in submission order, on the submitting threads themselves:
 * whoever finds it idle runs everything queued until the queue is empty ({@link DrainLoop}).
 *
 * <p>Invariants: at most one thread runs tasks at a time (the loop's owner); a task submitted from
 * inside a running task runs after it, on the same thread; a task queued while another thread runs
 * the loop is run by that thread before it lets go.
 */
final class SerialExecutor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final DrainLoop loop = new DrainLoop(this::runQueued);

    void execute(Runnable task) {
        tasks.add(task);
        loop.request();
    }

    /** Whether the calling thread is running this executor's tasks now. */
    boolean isRunningOnCurrentThread() {
        return loop.isRunningOnCurrentThread();
    }

    private void runQueued() {
        for (Runnable next; (next = tasks.poll()) != null; ) {
            runSafely(next);
        }
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
