package dev.quicregistry.samples;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Prints what a {@link QuicServerRegistry} holds as a table: name, address, bound port, ALPN, live connections. */
final class RegistryPrinter {

    private static final List<String> HEADER = List.of("NAME", "ADDRESS", "PORT", "ALPN", "CONNECTIONS");

    private final QuicServerRegistry servers;
    private final Console console;

    RegistryPrinter(QuicServerRegistry servers, Console console) {
        this.servers = Objects.requireNonNull(servers, "servers must not be null");
        this.console = Objects.requireNonNull(console, "console must not be null");
    }

    /** The table, one row per registered server in name order. */
    void printTable() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (String name : servers.names().stream().sorted().toList()) {
            servers.lookup(name).ifPresent(info -> rows.add(row(info)));
        }
        if (rows.size() == 1) {
            console.line("(no servers registered)");
            return;
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.size(); column++) {
                line.append(String.format("%-" + (widths[column] + 2) + "s", row.get(column)));
            }
            console.line(line.toString().stripTrailing());
        }
    }

    /** Each server's live connections, by the client's address, as {@code connections(name)} lists them. */
    void printConnections() {
        for (String name : servers.names().stream().sorted().toList()) {
            List<QuicConnection> connections = servers.connections(name).orElse(List.of());
            console.line("connections(\"" + name + "\"): " + (connections.isEmpty() ? "none" : connections.stream()
                    .map(connection -> "client " + address(connection.remoteAddress())
                            + (connection.isOpen() ? " (open)" : " (closed)"))
                    .toList()));
        }
    }

    private List<String> row(ServerInfo info) {
        String name = info.name();
        return List.of(name,
                servers.localAddress(name).map(address -> address.getAddress().getHostAddress()).orElse("-"),
                servers.port(name).stream().mapToObj(Integer::toString).findFirst().orElse("?"),
                String.valueOf(info.options().getOrDefault("alpn", "-")),
                servers.connections(name).map(connections -> Integer.toString(connections.size())).orElse("-"));
    }

    private static String address(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
