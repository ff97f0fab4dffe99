package dev.quicregistry.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The one way configuration values name a duration, so that every key that takes one accepts the same. */
public final class Durations {

    /** What {@link #positive} accepts, for error messages. */
    public static final String EXPECTED = "a positive duration: ISO-8601 such as PT30S or PT0.5S, whole seconds such as 30,"
            + " or with a unit such as 30s or 500ms";

    private Durations() {
    }

    /** {@code value} as a positive duration (see {@link #EXPECTED}); empty where it is none. */
    public static Optional<Duration> positive(String value) {
        return parse(value).filter(duration -> !duration.isNegative() && !duration.isZero());
    }

    /** {@code value} as zero or a positive duration, in the syntax of {@link #positive} ({@code 0}, {@code 0s}, {@code PT0S}...); empty where it is neither. */
    public static Optional<Duration> notNegative(String value) {
        return parse(value).filter(duration -> !duration.isNegative());
    }

    /**
     * {@code value} in nanoseconds, at most {@link #MAX_WAIT_NANOS} (about 73 years): a deadline
     * {@code System.nanoTime() + } it compares rightly however large the duration given ("wait for
     * ever" as {@code Duration.ofSeconds(Long.MAX_VALUE)} would overflow {@code toNanos()}).
     */
    public static long waitNanos(Duration value) {
        try {
            return Math.min(MAX_WAIT_NANOS, Math.max(0, value.toNanos()));
        } catch (ArithmeticException longerThanALong) {
            return MAX_WAIT_NANOS;
        }
    }

    /** The longest wait {@link #waitNanos} gives: a quarter of the {@code long} range, so deadlines never wrap. */
    public static final long MAX_WAIT_NANOS = Long.MAX_VALUE / 4;

    private static Optional<Duration> parse(String value) {
        String text = value.strip();
        Duration duration;
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                duration = Duration.ofSeconds(Long.parseLong(text));
            } else if (text.endsWith("ms")) { // "ms" alone: parseLong("") refuses it
                duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s") && !text.startsWith("P")) {
                duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else {
                duration = Duration.parse(text);
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException notADuration) {
            return Optional.empty();
        }
        return Optional.of(duration);
    }
}
