package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.Secrets;
import java.time.Instant;
import java.util.Map;

/**
 * One registry entry: a named server, the port it is known by, its options and when it was
 * registered (the Erlang registry's {@code #{pid, port, opts, started_at}}). Immutable; a port
 * change yields a new {@code ServerInfo}.
 *
 * @param name the server's name, see {@link ServerNames}
 * @param server the server itself
 * @param port the known port, 0..65535 (0: not known yet)
 * @param options an unmodifiable copy of the options it was registered with, each secret value
 *        ({@link Secrets#isSecretKey}) masked as {@value Secrets#MASK}: the server got the clear value
 *        through {@link ServerSettings}; an entry, which every listener and reader sees, never holds it
 * @param registeredAt when it was registered
 */
public record ServerInfo(String name, QuicServer server, int port,
                         Map<String, Object> options, Instant registeredAt) {

    /** Validates, copies and masks the secrets. */
    public ServerInfo {
        ServerNames.requireValid(name);
        Arguments.notNull(server, "server");
        Arguments.port(port, 0, "port");
        options = Secrets.masked(Arguments.copyOptions(options, "options"));
        Arguments.notNull(registeredAt, "registeredAt");
    }

    /** The same entry with another port. */
    public ServerInfo withPort(int newPort) {
        return new ServerInfo(name, server, newPort, options, registeredAt);
    }

    @Override
    public String toString() {
        return "ServerInfo[name=" + name + ", server=" + server + ", port=" + port
                + ", options=" + Secrets.render(options) + ", registeredAt=" + registeredAt + "]";
    }
}
