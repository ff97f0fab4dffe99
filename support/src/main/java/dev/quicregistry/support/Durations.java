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
