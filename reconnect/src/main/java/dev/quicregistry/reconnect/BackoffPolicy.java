package dev.quicregistry.reconnect;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides how long a {@link Reconnector} waits before each attempt of one outage, and when it
 * gives up. Implementations must be safe to call from any thread; {@link ExponentialBackoff} is
 * the default.
 */
@FunctionalInterface
public interface BackoffPolicy {

    /**
     * The delay before attempt number {@code attempt} (1 for the first attempt after a loss or a
     * failed first connect, counting up while attempts keep failing, back to 1 after a success);
     * empty to give up, which closes the reconnector.
     */
    Optional<Duration> delayBefore(int attempt);
}
