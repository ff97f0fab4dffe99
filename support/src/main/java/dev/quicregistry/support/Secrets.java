package dev.quicregistry.support;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one rule for secret values: a key holds a secret when it contains, ignoring case and the
 * separators {@code -}, {@code _} and {@code .}, one of {@link #SECRET_WORDS} ({@code key-password},
 * {@code API_KEY}, {@code oauth.client-credentials}); its value is shown as {@value #MASK} wherever
 * options are printed, stored or published.
 */
public final class Secrets {

    /** What a secret value is shown as. */
    public static final String MASK = "***";

    /** The words that make a key secret, found in the key lower-cased and without {@code -}, {@code _} and {@code .}. */
    public static final List<String> SECRET_WORDS =
            List.of("password", "passwd", "secret", "token", "apikey", "credential", "privatekey", "auth");

    private Secrets() {
    }

    /** Whether values under {@code key} are secret. */
    public static boolean isSecretKey(String key) {
        String folded = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        for (String word : SECRET_WORDS) {
            if (folded.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** {@code value}, or {@value #MASK} when {@code key} names a secret. */
    public static Object shown(String key, Object value) {
        return isSecretKey(key) ? MASK : value;
    }

    /**
     * {@code options} as an unmodifiable map in which every secret value is {@value #MASK}. Where no
     * key names a secret it is {@link Map#copyOf}'s result, which is {@code options} itself where
     * that came from {@code Map.of} or {@code Map.copyOf}: a registration's options are not copied
     * twice.
     */
    public static <V> Map<String, Object> masked(Map<String, V> options) {
        Map<String, Object> copy = Map.copyOf(options); // taken first: the keys checked are the keys returned
        for (String key : copy.keySet()) {
            if (isSecretKey(key)) {
                Map<String, Object> shownCopy = new HashMap<>(); // unordered: Map.copyOf keeps no order anyway
                copy.forEach((name, value) -> shownCopy.put(name, shown(name, value)));
                return Map.copyOf(shownCopy);
            }
        }
        return copy;
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
        if (uri.isOpaque()) {
            return shown.append(MASK).toString(); // mailto:user@host and the like: nothing in it is known to be safe
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
                String name = parameter.substring(0, Math.max(equals, 0));
                boolean secret = isSecretKey(name) || name.toLowerCase(Locale.ROOT).contains("key");
                query.add(secret ? name + "=" + MASK : parameter);
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
