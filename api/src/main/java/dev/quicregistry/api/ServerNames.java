package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;
import java.util.regex.Pattern;

/**
 * The naming rule for servers: a name becomes a configuration key and an environment variable,
 * so it is {@code [A-Za-z0-9][A-Za-z0-9_-]{0,62}}.
 */
public final class ServerNames {

    /** The pattern every server name matches. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private ServerNames() {
    }

    /** Whether {@code name} is a valid server name; false for null. Checks what {@link #PATTERN} says, without a regex. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 63 || !isLetterOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /**
     * Returns {@code name} when it is valid.
     *
     * @throws NullPointerException naming the parameter when {@code name} is null
     * @throws IllegalArgumentException naming the value and the rule otherwise
     */
    public static String requireValid(String name) {
        Arguments.notNull(name, "name");
        if (!isValid(name)) {
            throw new IllegalArgumentException("server name '" + name + "' is not valid: expected "
                    + PATTERN.pattern() + " (a letter or digit, then up to 62 letters, digits, '_' or '-')");
        }
        return name;
    }
}
