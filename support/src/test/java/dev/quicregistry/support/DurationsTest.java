package dev.quicregistry.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30, PT30S", "30s, PT30S", "500ms, PT0.5S", "PT0.5S, PT0.5S", " 10s , PT10S", "PT1M, PT1M"})
    void acceptsIsoWholeSecondsAndUnits(String value, String expected) {
        assertThat(Durations.positive(value)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "0", "0s", "-5s", "PT0S", "PT-1S", "ms", "s", "10 minutes", "99999999999999999999"})
    void refusesAnythingElse(String value) {
        assertThat(Durations.positive(value)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0, PT0S", "0s, PT0S", "0ms, PT0S", "PT0S, PT0S", "000, PT0S", "5s, PT5S", "PT0.5S, PT0.5S"})
    void notNegativeAcceptsZeroInTheSameSyntaxToo(String value, String expected) {
        assertThat(Durations.notNegative(value)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5s", "-1", "PT-1S", "-0.5S", "ms", "s", "99999999999999999999"})
    void notNegativeRefusesNegativesAndAnythingElse(String value) {
        assertThat(Durations.notNegative(value)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aWaitIsInNanosecondsAndAnythingLongerThanSeventyYearsIsCapped() {
        assertThat(Durations.waitNanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
        assertThat(Durations.waitNanos(Duration.ZERO)).isZero();
        assertThat(Durations.waitNanos(Duration.ofNanos(Durations.MAX_WAIT_NANOS - 1))).isEqualTo(Durations.MAX_WAIT_NANOS - 1);
        assertThat(Durations.waitNanos(Duration.ofNanos(Durations.MAX_WAIT_NANOS))).isEqualTo(Durations.MAX_WAIT_NANOS);
        assertThat(Durations.waitNanos(Duration.ofNanos(Durations.MAX_WAIT_NANOS + 1))).isEqualTo(Durations.MAX_WAIT_NANOS);
        assertThat(Durations.waitNanos(Duration.ofNanos(-5))).isZero();
        assertThat(Durations.waitNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Durations.MAX_WAIT_NANOS);
        assertThat(System.nanoTime() + Durations.MAX_WAIT_NANOS - System.nanoTime()).isPositive();
    }
}
