package dev.quicregistry.samples;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connects a real QUIC client to every registered server, on the port the registry gives for its
 * name, sends a request and prints the reply; shows the connections the registry lists while the
 * clients are connected, then closes the clients and shows them gone.
 */
final class TalkToEachServer implements SampleStep {

    /** What each client sends. */
    static final String REQUEST = "hello, quic-registry";
    /** The sample's servers bind only this address (META-INF/microprofile-config.properties). */
    private static final String HOST = "127.0.0.1";

    @Override
    public String title() {
        return "A QUIC client for each server, on the port QuicServerRegistry.port(name) gives";
    }

    @Override
    public void run(SampleContext context) throws Exception {
        Console console = context.console();
        console.line("(the servers' certificates are self-signed, a sample-only setting, so these clients accept");
        console.line(" any certificate; a production client trusts its CA)");
        List<SampleClient> clients = new ArrayList<>();
        try {
            for (String name : context.servers().names().stream().sorted().toList()) {
                int port = context.servers().port(name)
                        .orElseThrow(() -> new IllegalStateException("the registry knows no port for '" + name + "'"));
                String alpn = firstAlpn(context.servers().lookup(name).orElseThrow().options(), name);
                SampleClient client = SampleClient.connect(new InetSocketAddress(HOST, port), "localhost", alpn,
                        InsecureTrustManagerFactory.INSTANCE, context.timeout());
                clients.add(client);
                String reply = client.exchange(REQUEST);
                console.line(String.format("%-6s port(\"%s\") = %d, handshake with ALPN %s: sent \"%s\", received \"%s\"",
                        name, name, port, alpn, REQUEST, reply));
            }
            console.blank();
            console.line("while the clients are connected:");
            context.printer().printTable();
            context.printer().printConnections();
        } finally {
            clients.forEach(SampleClient::close);
        }
        boolean gone = BoundedWait.until(() -> context.servers().names().stream()
                .allMatch(name -> context.servers().connections(name).map(List::isEmpty).orElse(true)), context.timeout());
        console.blank();
        console.line(gone ? "clients closed: the servers list no connections any more"
                : "clients closed, but a server still lists a connection after " + context.timeout());
    }

    private static String firstAlpn(Map<String, Object> options, String name) {
        Object alpn = options.get("alpn");
        if (alpn == null) {
            throw new IllegalStateException("server '" + name + "' has no option alpn: configure quic.server." + name
                    + ".alpn");
        }
        return alpn.toString().split(",")[0].strip();
    }
}
