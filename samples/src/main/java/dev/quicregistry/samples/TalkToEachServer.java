package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.netty.client.ClientStreams;
import dev.quicregistry.netty.client.ReconnectingQuicClient;
import io.netty.handler.codec.quic.QuicChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Connects a real QUIC client (the binding's {@link ReconnectingQuicClient}, which finds its server
 * by name in the registry) to every registered server, sends a request and prints the reply; shows
 * the connections the registry lists while the clients are connected, then closes the clients and
 * shows them gone.
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
        console.line("(each client trusts exactly the sample's certificate and checks the name localhost in it,");
        console.line(" as a production client trusts its CA)");
        List<ReconnectingQuicClient> clients = new ArrayList<>();
        try {
            for (String name : context.servers().names().stream().sorted().toList()) {
                int port = context.servers().port(name)
                        .orElseThrow(() -> new IllegalStateException("the registry knows no port for '" + name + "'"));
                String alpn = firstAlpn(context.servers().lookup(name).orElseThrow().options(), name);
                ReconnectingQuicClient client = ReconnectingQuicClient
                        .builder(context.servers(), name, context.connections())
                        .id(ConnectionId.of("talk-to-" + name))
                        .alpn(alpn)
                        .host(HOST)
                        .tlsHostName("localhost")
                        .trustCertificates(context.certificate().certificatePem())
                        .connectTimeout(context.timeout())
                        .connect();
                clients.add(client);
                QuicChannel connection = client.awaitConnected(context.timeout());
                byte[] replyBytes = ClientStreams.requestReply(connection, REQUEST.getBytes(StandardCharsets.UTF_8), 1024)
                        .toCompletableFuture().get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
                String reply = new String(replyBytes, StandardCharsets.UTF_8);
                console.line(String.format("%-6s port(\"%s\") = %d, handshake with ALPN %s: sent \"%s\", received \"%s\"",
                        name, name, port, alpn, REQUEST, reply));
            }
            console.blank();
            console.line("while the clients are connected:");
            context.printer().printTable();
            context.printer().printConnections();
        } finally {
            clients.forEach(ReconnectingQuicClient::close);
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
