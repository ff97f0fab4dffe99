package dev.quicregistry.api;

import java.util.Map;

/** Argument checks shared by the records of this package, with messages that name the value. */
final class Checks {

    private Checks() {
    }

    static <T> T notNull(T value, String parameter) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        return value;
    }

    static int port(int port, int min, String what) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException(what + "=" + port + " is not a port (" + min + "..65535)");
        }
        return port;
    }

    /**
     * An unmodifiable copy ({@link Map#copyOf}: an unmodifiable map passed in is kept as it is);
     * null keys and values are refused by name.
     */
    static <V> Map<String, V> copyOptions(Map<String, ? extends V> options, String parameter) {
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
