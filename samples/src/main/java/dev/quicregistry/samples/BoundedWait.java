package dev.quicregistry.samples;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits, at most a given time, for a condition that no event announces (such as a connection the server dropped). */
final class BoundedWait {

    private static final long PAUSE_NANOS = Duration.ofMillis(10).toNanos();

    private BoundedWait() {
    }

    /** Whether {@code condition} held within {@code timeout}, checked every 10 ms. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return true;
    }
}
