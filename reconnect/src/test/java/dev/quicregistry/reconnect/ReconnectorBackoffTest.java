package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.impl.LocalConnectionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The waits between attempts, measured on a virtual clock: no test here waits in real time. */
class ReconnectorBackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(2);

    private final VirtualScheduler clock = new VirtualScheduler();
    private final ScriptedConnector connector = new ScriptedConnector(clock).failingEveryAttempt();

    @Test
    void delaysGrowUntilTheCapAndNeverPassIt() {
        // nextDouble() of this generator is just below 1: every delay is (almost) its ceiling
        ExponentialBackoff alwaysTop = new ExponentialBackoff(INITIAL, CAP, 10, () -> -1L);
        List<Duration> gaps = failAllAttempts(alwaysTop);

        assertThat(gaps).hasSize(10);
        for (int i = 1; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("gap %d", i).isLessThanOrEqualTo(CAP);
            if (gaps.get(i - 1).compareTo(CAP.minusNanos(1)) < 0) {
                assertThat(gaps.get(i)).as("gap %d grows", i).isGreaterThan(gaps.get(i - 1));
            }
        }
        assertThat(gaps.get(0)).isBetween(INITIAL.minusNanos(1), INITIAL);
        assertThat(gaps.get(9)).isBetween(CAP.minusNanos(1), CAP);
    }

    @Test
    void everyGapIsWithinItsJitterBounds() {
        long seed = new Random().nextLong();
        ExponentialBackoff seeded = ExponentialBackoff.of(INITIAL, CAP, 12).withRandom(new Random(seed));
        List<Duration> gaps = failAllAttempts(seeded);

        assertThat(gaps).hasSize(12);
        for (int i = 0; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("gap before attempt %d, seed %d", i + 1, seed)
                    .isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(seeded.ceiling(i + 1));
        }
        assertThat(clock.requestedDelays()).isEqualTo(gaps);
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        List<Duration> first = failAllAttempts(ExponentialBackoff.of(INITIAL, CAP, 8).withRandom(new Random(7)));
        VirtualScheduler otherClock = new VirtualScheduler();
        ScriptedConnector otherConnector = new ScriptedConnector(otherClock).failingEveryAttempt();
        List<Duration> second = failAllAttempts(ExponentialBackoff.of(INITIAL, CAP, 8).withRandom(new Random(7)),
                otherClock, otherConnector);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aReplaceablePolicyDecidesEveryDelay() {
        BackoffPolicy fixedThreeTimes = attempt -> attempt <= 3 ? java.util.Optional.of(Duration.ofSeconds(attempt))
                : java.util.Optional.empty();
        List<Duration> gaps = failAllAttempts(fixedThreeTimes);

        assertThat(gaps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    private List<Duration> failAllAttempts(BackoffPolicy policy) {
        return failAllAttempts(policy, clock, connector);
    }

    /** Runs a reconnector whose every attempt fails until the policy gives up; the gaps between attempts. */
    private static List<Duration> failAllAttempts(BackoffPolicy policy, VirtualScheduler clock, ScriptedConnector connector) {
        Reconnector<TestTransport> reconnector = Reconnector
                .builder(new LocalConnectionRegistry(), ConnectionId.of("backoff"), connector)
                .backoff(policy).scheduler(clock).start();
        int steps = 0;
        while (clock.runNext()) {
            assertThat(++steps).as("attempts stop when the policy gives up").isLessThan(1000);
        }
        assertThat(reconnector.state()).isInstanceOf(ConnectionState.Closed.class);
        List<Duration> times = connector.attemptTimes();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i).minus(times.get(i - 1)));
        }
        return gaps;
    }
}
