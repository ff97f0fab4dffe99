package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A stuck state listener: the thread that delivers the first state of one type stays inside it,
 * holding the reconnector's serial tasks, until the test releases it (or ten seconds pass).
 */
final class BlockingStateListener implements Consumer<ConnectionState> {

    private final Class<? extends ConnectionState> blockOn;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    BlockingStateListener(Class<? extends ConnectionState> blockOn) {
        this.blockOn = blockOn;
    }

    @Override
    public void accept(ConnectionState state) {
        if (blockOn.isInstance(state) && entered.getCount() > 0) {
            entered.countDown();
            awaitQuietly(release);
        }
    }

    /** Waits until a thread is stuck in this listener; fails the test when none is within five seconds. */
    void awaitStuck() throws InterruptedException {
        assertThat(entered.await(5, TimeUnit.SECONDS)).as("a thread entered the stuck listener").isTrue();
    }

    /** Lets the stuck thread go on. */
    void release() {
        release.countDown();
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "BlockingStateListener[" + blockOn.getSimpleName() + "]";
    }
}
