package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(5);

    @Test
    void ceilingsDoubleFromTheInitialDelayUntilTheCap() {
        ExponentialBackoff backoff = ExponentialBackoff.of(INITIAL, CAP, ExponentialBackoff.UNLIMITED);

        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.ceiling(7)).isEqualTo(CAP);
        assertThat(backoff.ceiling(64)).isEqualTo(CAP);
        assertThat(backoff.ceiling(Integer.MAX_VALUE)).as("no overflow").isEqualTo(CAP);
    }

    @Test
    void fullJitterStaysBetweenZeroAndTheCeiling() {
        long seed = new Random().nextLong();
        ExponentialBackoff backoff = ExponentialBackoff.of(INITIAL, CAP, ExponentialBackoff.UNLIMITED)
                .withRandom(new Random(seed));

        for (int round = 0; round < 200; round++) {
            for (int attempt = 1; attempt <= 12; attempt++) {
                Duration delay = backoff.delayBefore(attempt).orElseThrow();
                assertThat(delay).as("attempt %d, seed %d", attempt, seed)
                        .isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(backoff.ceiling(attempt));
            }
        }
    }

    @Test
    void jitterSpreadsOverTheWholeRangeNotJustTheTop() {
        ExponentialBackoff backoff = ExponentialBackoff.of(INITIAL, CAP, ExponentialBackoff.UNLIMITED)
                .withRandom(new Random(42));
        long below = 0;
        for (int i = 0; i < 1000; i++) {
            if (backoff.delayBefore(3).orElseThrow().compareTo(backoff.ceiling(3).dividedBy(2)) < 0) {
                below++;
            }
        }
        assertThat(below).as("delays below half the ceiling, of 1000").isBetween(400L, 600L);
    }

    @Test
    void givesUpAfterMaxAttempts() {
        ExponentialBackoff backoff = ExponentialBackoff.of(INITIAL, CAP, 3);

        assertThat(backoff.delayBefore(3)).isPresent();
        assertThat(backoff.delayBefore(4)).isEmpty();
        assertThat(ExponentialBackoff.of(INITIAL, CAP, ExponentialBackoff.UNLIMITED).delayBefore(1_000_000)).isPresent();
    }

    @Test
    void badBoundsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> ExponentialBackoff.of(Duration.ZERO, CAP, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay=PT0S is not valid: expected a positive duration");
        assertThatThrownBy(() -> ExponentialBackoff.of(CAP, INITIAL, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay=PT0.1S is less than initialDelay=PT5S");
        assertThatThrownBy(() -> ExponentialBackoff.of(INITIAL, CAP, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts=0");
    }

    @Test
    void aMaxDelayEqualToTheInitialDelayGivesTheSameCeilingForEveryAttempt() {
        ExponentialBackoff fixed = ExponentialBackoff.of(INITIAL, INITIAL, 3);

        assertThat(fixed.ceiling(1)).isEqualTo(INITIAL);
        assertThat(fixed.ceiling(2)).isEqualTo(INITIAL);
        assertThat(fixed.ceiling(3)).isEqualTo(INITIAL);
    }

    @Test
    void ceilingsNeverOverflowEvenUnderTheLargestCapThatFitsInNanoseconds() {
        Duration largest = Duration.ofNanos(Long.MAX_VALUE);
        ExponentialBackoff fromOneNano = ExponentialBackoff.of(Duration.ofNanos(1), largest, ExponentialBackoff.UNLIMITED);

        assertThat(fromOneNano.ceiling(62)).isEqualTo(Duration.ofNanos(1L << 61));
        assertThat(fromOneNano.ceiling(63)).as("2^62 ns, the largest doubling that fits").isEqualTo(Duration.ofNanos(1L << 62));
        assertThat(ExponentialBackoff.of(Duration.ofMillis(100), largest, ExponentialBackoff.UNLIMITED).ceiling(37))
                .as("100 ms * 2^36").isEqualTo(Duration.ofMillis(100L << 36));
        assertThat(fromOneNano.ceiling(64)).as("2^63 ns does not fit: the cap").isEqualTo(largest);
        assertThat(fromOneNano.ceiling(65)).isEqualTo(largest);
        assertThat(fromOneNano.ceiling(Integer.MAX_VALUE)).isEqualTo(largest);
        for (int attempt = 1; attempt <= 100; attempt++) {
            assertThat(fromOneNano.ceiling(attempt)).as("attempt %d", attempt)
                    .isPositive().isLessThanOrEqualTo(largest);
        }
    }

    @Test
    void aCeilingBeforeAttemptZeroIsRejected() {
        assertThatThrownBy(() -> ExponentialBackoff.defaults().ceiling(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt=0 is not at least 1");
    }

    @Test
    void theDefaultsAreAHundredMillisecondsDoublingUpToThirtySecondsWithoutGivingUp() {
        ExponentialBackoff defaults = ExponentialBackoff.defaults();

        assertThat(defaults.initialDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxAttempts()).isEqualTo(ExponentialBackoff.UNLIMITED);
        assertThat(defaults.delayBefore(1_000_000)).isPresent();
    }

    @Test
    void theJitterOfAPolicyMadeWithOfIsRandomNotAlwaysZero() {
        ExponentialBackoff backoff = ExponentialBackoff.of(INITIAL, CAP, ExponentialBackoff.UNLIMITED);

        java.util.Set<Duration> delays = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            delays.add(backoff.delayBefore(1).orElseThrow());
        }

        assertThat(delays).as("100 draws below a 100 ms ceiling").hasSizeGreaterThan(50)
                .allSatisfy(delay -> assertThat(delay).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(INITIAL));
    }

    @Test
    void itsTextNamesTheBoundsAndTheAttemptsUnlimitedOrCounted() {
        assertThat(ExponentialBackoff.defaults()).hasToString(
                "ExponentialBackoff[initialDelay=PT0.1S, maxDelay=PT30S, maxAttempts=unlimited, full jitter]");
        assertThat(ExponentialBackoff.of(INITIAL, CAP, 3)).hasToString(
                "ExponentialBackoff[initialDelay=PT0.1S, maxDelay=PT5S, maxAttempts=3, full jitter]");
    }
}
