package dev.quicregistry.api;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Renders option maps for {@code toString()} with secret values (password, secret, token) masked. */
final class Redaction {

    static final String MASK = "***";

    private Redaction() {
    }

    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }

    static String render(Map<String, ?> options) {
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        options.forEach((key, value) -> joiner.add(key + "=" + (isSecretKey(key) ? MASK : value)));
        return joiner.toString();
    }
}
