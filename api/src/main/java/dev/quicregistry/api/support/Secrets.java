package dev.quicregistry.api.support;

import java.net.URI;
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

    /**
     * {@code uri} as text with its user information and the values of secret query parameters
     * masked: a parameter is secret where its name is a secret key (above) or contains {@code key}
     * ({@code api_key}, {@code apiKey}), as credentials in URLs are commonly named.
     */
    public static String masked(URI uri) {
        StringBuilder shown = new StringBuilder();
        if (uri.getScheme() != null) {
            shown.append(uri.getScheme()).append(':');
        }
        if (uri.getRawAuthority() != null) {
            shown.append("//");
            if (uri.getRawUserInfo() != null) {
                shown.append(MASK).append('@');
            }
            shown.append(uri.getHost() == null ? "" : uri.getHost());
            if (uri.getPort() >= 0) {
                shown.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            StringJoiner query = new StringJoiner("&", "?", "");
            for (String parameter : uri.getRawQuery().split("&", -1)) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                boolean secret = isSecretKey(name) || name.toLowerCase(Locale.ROOT).contains("key");
                query.add(equals < 0 || !secret ? parameter : name + "=" + MASK);
            }
            shown.append(query);
        }
        return shown.toString();
    }

    /** {@code {key=value, ...}} with every secret value masked. */
    public static String render(Map<String, ?> options) {
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        options.forEach((key, value) -> joiner.add(key + "=" + shown(key, value)));
        return joiner.toString();
    }
}
