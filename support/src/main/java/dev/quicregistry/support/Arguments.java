package dev.quicregistry.support;

import java.time.Duration;
import java.util.Map;

/**
 * The argument checks of every module, with messages that name the parameter, the value and what
 * was expected ({@code port=70000 is not a port (0..65535)}).
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Returns {@code value} when it is not null.
     *
     * @throws NullPointerException {@code "<parameter> must not be null"}
     */
    public static <T> T notNull(T value, String parameter) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        return value;
    }

    /**
     * Returns {@code port} when it is in {@code min..65535}.
     *
     * @throws IllegalArgumentException {@code "<what>=<port> is not a port (<min>..65535)"}
     */
    public static int port(int port, int min, String what) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException(what + "=" + port + " is not a port (" + min + "..65535)");
        }
        return port;
    }

    /**
     * Returns {@code value} when it is a positive duration.
     *
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException {@code "<parameter>=PT0S is not valid: expected a positive duration"}
     */
    public static Duration positive(Duration value, String parameter) {
        notNull(value, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(parameter + "=" + value + " is not valid: expected a positive duration");
        }
        return value;
    }

    /**
     * Returns {@code value} when it is zero or a positive duration.
     *
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException {@code "<parameter>=PT-1S is not valid: expected zero or a positive duration"}
     */
    public static Duration notNegative(Duration value, String parameter) {
        notNull(value, parameter);
        if (value.isNegative()) {
            throw new IllegalArgumentException(parameter + "=" + value + " is not valid: expected zero or a positive duration");
        }
        return value;
    }

    /**
     * Returns {@code value} when it is at least {@code min}.
     *
     * @throws IllegalArgumentException {@code "<parameter>=0 is not valid: expected at least 1"}
     */
    public static long atLeast(long value, long min, String parameter) {
        if (value < min) {
            throw new IllegalArgumentException(parameter + "=" + value + " is not valid: expected at least " + min);
        }
        return value;
    }

    /**
     * An unmodifiable copy ({@link Map#copyOf}: an unmodifiable map passed in is kept as it is);
     * null keys and values are refused by name.
     */
    public static <V> Map<String, V> copyOptions(Map<String, ? extends V> options, String parameter) {
        notNull(options, parameter);
        try {
            return Map.copyOf(options);
        } catch (NullPointerException unnamed) {
            // Map.copyOf refuses nulls without saying which: find the entry, to name it.
            options.forEach((key, value) -> {
                if (key == null) {
                    throw new NullPointerException(parameter + " must not contain a null key");
                }
                if (value == null) {
                    throw new NullPointerException(parameter + " must not contain a null value (key '" + key + "')");
                }
            });
            throw unnamed;
        }
    }
}
