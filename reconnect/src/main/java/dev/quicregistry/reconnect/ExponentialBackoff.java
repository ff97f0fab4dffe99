package dev.quicregistry.reconnect;

import dev.quicregistry.support.Arguments;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before attempt {@code n} it waits a uniformly random time
 * in {@code [0, ceiling(n))}, where {@code ceiling(n) = min(maxDelay, initialDelay * 2^(n-1))};
 * after {@code maxAttempts} failed attempts it gives up.
 *
 * @param initialDelay the ceiling of the first attempt, positive
 * @param maxDelay the cap of every ceiling, at least initialDelay
 * @param maxAttempts attempts per outage, at least 1, or {@link #UNLIMITED}
 * @param random the source of jitter; inject a seeded one to make delays reproducible
 */
public record ExponentialBackoff(Duration initialDelay, Duration maxDelay, int maxAttempts, RandomGenerator random)
        implements BackoffPolicy {

    /** {@code maxAttempts} that never gives up. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** Validates. */
    public ExponentialBackoff {
        Arguments.positive(initialDelay, "initialDelay");
        Arguments.notNull(maxDelay, "maxDelay");
        Arguments.notNull(random, "random");
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay=" + maxDelay + " is less than initialDelay=" + initialDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts=" + maxAttempts + " is not at least 1 (or UNLIMITED)");
        }
    }

    /** The given bounds, jittered by {@link ThreadLocalRandom}. */
    public static ExponentialBackoff of(Duration initialDelay, Duration maxDelay, int maxAttempts) {
        return new ExponentialBackoff(initialDelay, maxDelay, maxAttempts, () -> ThreadLocalRandom.current().nextLong());
    }

    /** 100 ms doubling up to 30 s, never giving up: the default of a {@link Reconnector}. */
    public static ExponentialBackoff defaults() {
        return of(Duration.ofMillis(100), Duration.ofSeconds(30), UNLIMITED);
    }

    /** This policy with another source of jitter. */
    public ExponentialBackoff withRandom(RandomGenerator random) {
        return new ExponentialBackoff(initialDelay, maxDelay, maxAttempts, random);
    }

    /** The upper bound (exclusive) of the delay before {@code attempt}: {@code min(maxDelay, initialDelay * 2^(attempt-1))}. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt=" + attempt + " is not at least 1");
        }
        long initial = initialDelay.toNanos();
        long cap = maxDelay.toNanos();
        int doublings = attempt - 1;
        // initial << doublings would overflow (its top bit would reach the sign bit), or pass the cap anyway: the cap it is.
        if (doublings >= Long.numberOfLeadingZeros(initial) || initial << doublings >= cap) {
            return Duration.ofNanos(cap);
        }
        return Duration.ofNanos(initial << doublings);
    }

    @Override
    public Optional<Duration> delayBefore(int attempt) {
        if (attempt > maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) (ceiling(attempt).toNanos() * random.nextDouble())));
    }

    @Override
    public String toString() {
        return "ExponentialBackoff[initialDelay=" + initialDelay + ", maxDelay=" + maxDelay + ", maxAttempts="
                + (maxAttempts == UNLIMITED ? "unlimited" : String.valueOf(maxAttempts)) + ", full jitter]";
    }
}
