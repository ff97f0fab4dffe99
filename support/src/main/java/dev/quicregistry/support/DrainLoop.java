package dev.quicregistry.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Whoever finds it idle drains": runs its round (typically "take everything queued and handle
 * it") on the thread that asks for it when no other thread is running it, and otherwise leaves the
 * request to that thread, which runs the round once more before it lets go. Nobody waits for
 * anybody; rounds never overlap.
 *
 * <p>Invariants: {@code requests} counts the rounds asked for and not yet started; it is non-zero
 * exactly while one thread (the {@code owner}) drains. Whoever raises it from zero owns the loop and
 * runs rounds until every request it saw is served, and only then lets go, so a request made just
 * before the owner let go is never lost. A request made from inside a round (on the owner's thread)
 * is served by one more round after the current one, on the same thread.
 */
public final class DrainLoop {

    private final Runnable round;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Thread owner;

    /** A loop that runs {@code round} for the requests it serves. */
    public DrainLoop(Runnable round) {
        this.round = Arguments.notNull(round, "round");
    }

    /**
     * Asks for a round: runs it now, and then as many more as other threads ask for meanwhile, when
     * the loop is idle; returns at once when another thread is draining (that thread runs it).
     */
    public void request() {
        if (requests.getAndIncrement() == 0) {
            drain();
        }
    }

    /** Whether the calling thread is draining this loop now. */
    public boolean isRunningOnCurrentThread() {
        return owner == Thread.currentThread();
    }

    private void drain() {
        owner = Thread.currentThread();
        int missed = 1;
        try {
            do {
                round.run();
                missed = requests.addAndGet(-missed);
            } while (missed != 0);
        } finally {
            owner = null;
            if (missed != 0) {
                // a round threw: let the loop go, so that the next request starts afresh
                requests.set(0);
            }
        }
    }
}
