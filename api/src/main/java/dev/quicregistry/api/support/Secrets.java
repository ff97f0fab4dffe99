package dev.quicregistry.api.support;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one rule for secret values: a key whose name contains {@code password}, {@code secret} or
 * {@code token} (any case) holds a secret, shown as {@value #MASK} wherever options are printed or stored.
 */
public final class Secrets {

    /** What a secret value is shown as. */
    public static final String MASK = "***";

    private Secrets() {
    }

    /** Whether values under {@code key} are secret. */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }

    /** {@code value}, or {@value #MASK} when {@code key} names a secret. */
    public static Object shown(String key, Object value) {
        return isSecretKey(key) ? MASK : value;
    }

    /** An unmodifiable copy of {@code options} in which every secret value is {@value #MASK}. */
    public static <V> Map<String, Object> masked(Map<String, V> options) {
        Map<String, Object> copy = new LinkedHashMap<>();
        options.forEach((key, value) -> copy.put(key, shown(key, value)));
        return Map.copyOf(copy);
    }

    /** {@code {key=value, ...}} with every secret value masked. */
    public static String render(Map<String, ?> options) {
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        options.forEach((key, value) -> joiner.add(key + "=" + shown(key, value)));
        return joiner.toString();
    }
}
