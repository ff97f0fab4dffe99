package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.Secrets;
import java.util.Map;

/**
 * What a server is started with: the host to bind, the UDP port (0 for an ephemeral one) and
 * transport options. Validated on construction; {@code options} is an unmodifiable copy.
 *
 * @param host the host name or address to bind, not blank
 * @param port the UDP port, 0..65535 (0: the system picks a free one)
 * @param options transport options (for example {@code alpn}); secret values are masked in {@link #toString()}
 */
public record ServerSettings(String host, int port, Map<String, String> options) {

    /** Validates and copies. */
    public ServerSettings {
        Arguments.notNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host '" + host + "' is blank: expected a host name or address");
        }
        Arguments.port(port, 0, "port");
        options = Arguments.copyOptions(options, "options");
    }

    /** Settings with no options. */
    public static ServerSettings of(String host, int port) {
        return new ServerSettings(host, port, Map.of());
    }

    @Override
    public String toString() {
        return "ServerSettings[host=" + host + ", port=" + port + ", options=" + Secrets.render(options) + "]";
    }
}
