package dev.quicregistry.docs;

import dev.quicregistry.api.ServerNames;
import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.netty.server.ServerOptions;
import dev.quicregistry.support.Durations;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Loads a properties snippet as MicroProfile Config's properties source would, and says what in it
 * the component would refuse or never read: a value with a trailing comment (a {@code #} after a
 * value is part of it), a server name that breaks the naming rule, a key of {@code quic.server.<name>.}
 * that is neither the container's nor an option of the Netty binding, a directory key that does
 * not exist, and values that do not parse (ports, durations, booleans, counts).
 */
final class PropertiesSnippets {

    private static final Set<String> DURATIONS = Set.of(ServerOptions.IDLE_TIMEOUT, ServerOptions.CLOSE_TIMEOUT);
    private static final Set<String> BOOLEANS = Set.of(ConfigKeys.ENABLED, ServerOptions.SELF_SIGNED, ServerOptions.RETRY);
    private static final Set<String> COUNTS = Set.of(ServerOptions.MAX_CONNECTIONS, ServerOptions.MAX_BIDI_STREAMS,
            ServerOptions.MAX_UNI_STREAMS, ServerOptions.MAX_DATA, ServerOptions.MAX_STREAM_DATA, ServerOptions.MAX_HANDSHAKES,
            ServerOptions.RETRY_THRESHOLD, ServerOptions.MAX_CONNECTIONS_PER_ADDRESS, ServerOptions.MAX_HANDSHAKES_PER_ADDRESS);

    private PropertiesSnippets() {
    }

    static List<String> problemsOf(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        List<String> problems = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (value.matches(".*\\s#.*")) {
                problems.add(key + "=" + value + ": a comment after a value is part of the value");
            }
            if (key.startsWith(ConfigKeys.DIRECTORY_PREFIX) && !ConfigKeys.DIRECTORY_KEYS.contains(key)) {
                problems.add(key + " is no key of the directory: " + ConfigKeys.DIRECTORY_KEYS);
            } else if (key.startsWith(ConfigKeys.SERVER_PREFIX)) {
                problems.addAll(serverProblems(key, value));
            }
        }
        return problems;
    }

    private static List<String> serverProblems(String key, String value) {
        String rest = key.substring(ConfigKeys.SERVER_PREFIX.length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String property = dot < 0 ? "" : rest.substring(dot + 1);
        List<String> problems = new ArrayList<>();
        if (!ServerNames.isValid(name)) {
            problems.add(key + ": '" + name + "' is no server name (" + ServerNames.PATTERN + ")");
        }
        if (!ConfigKeys.SERVER_PROPERTIES.contains(property) && !ServerOptions.KEYS.contains(property)) {
            problems.add(key + ": '" + property + "' is neither a key of the container " + ConfigKeys.SERVER_PROPERTIES
                    + " nor an option of the Netty binding " + ServerOptions.KEYS);
        }
        if (property.equals(ConfigKeys.PORT) && !value.matches("\\d{1,5}") || property.equals(ConfigKeys.PORT)
                && Integer.parseInt(value.length() > 5 ? "99999" : value) > 65535) {
            problems.add(key + "=" + value + " is not a port (0..65535)");
        }
        if (DURATIONS.contains(property) && Durations.positive(value).isEmpty()
                || property.equals(ConfigKeys.DRAIN_TIMEOUT) && Durations.notNegative(value).isEmpty()) {
            problems.add(key + "=" + value + " is not a duration (" + Durations.EXPECTED + ")");
        }
        if (BOOLEANS.contains(property) && !value.equals("true") && !value.equals("false")) {
            problems.add(key + "=" + value + " is neither true nor false");
        }
        if (COUNTS.contains(property) && !value.matches("\\d+")) {
            problems.add(key + "=" + value + " is not a count");
        }
        return problems;
    }
}
