package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.netty.client.ClientStreams;
import dev.quicregistry.netty.client.ReconnectingQuicClient;
import dev.quicregistry.netty.server.NettyQuicServer;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reconnecting QUIC client survives a restart of its server: it finds the server "ticker" by name,
 * subscribes to a topic, the server stops and a new one starts on another port under the same name;
 * the client finds it, the connection registry swaps the transport under the same id (one
 * {@code ConnectionReplaced}), and the CDI observer {@link Resubscriber} subscribes again on the new
 * connection.
 */
final class SurviveServerRestart implements SampleStep {

    static final String SERVER = "ticker";
    static final ConnectionId CONNECTION = ConnectionId.of("ticker-feed");
    static final String TOPIC = "prices";

    @Override
    public String title() {
        return "A client survives a server restart: ReconnectingQuicClient finds '" + SERVER + "' by name on every attempt";
    }

    @Override
    public void run(SampleContext context) throws Exception {
        Console console = context.console();
        Subscriptions subscriptions = context.container().select(Subscriptions.class).get();
        Resubscriber resubscriber = context.container().select(Resubscriber.class).get();
        Duration timeout = context.timeout();
        console.line("both servers present the sample's certificate, which the client trusts (trustCertificates)");
        SampleCertificate certificate = context.certificate();
        NettyQuicServer first = TickerServer.startAndRegister(context.servers(), SERVER, certificate);
        NettyQuicServer second = null;
        try (ReconnectingQuicClient client = ReconnectingQuicClient.builder(context.servers(), SERVER, context.connections())
                .id(CONNECTION)
                .alpn(TickerServer.ALPN)
                .trustCertificates(certificate.certificatePem())
                .tlsHostName("localhost")
                // A fixed pause instead of the default exponential backoff: by the time it has passed,
                // the stopped server has left the registry, so the client never dials a server going away.
                .backoff(attempt -> attempt <= 50 ? Optional.of(Duration.ofMillis(200)) : Optional.empty())
                .connectTimeout(timeout)
                .connect()) {
            QuicChannel connection = client.awaitConnected(timeout);
            subscriptions.add(CONNECTION, TOPIC);
            console.line("client '" + CONNECTION.value() + "' connected to " + connection.remoteSocketAddress()
                    + "; subscribe " + TOPIC + ": \"" + subscribe(connection, timeout) + "\"");

            CompletableFuture<QuicChannel> replacement = client.nextConnected().toCompletableFuture();
            console.line("stopping '" + SERVER + "' (port " + first.boundPort() + ") and starting a new one:");
            first.close();
            second = TickerServer.startAndRegister(context.servers(), SERVER, certificate);
            QuicChannel now = replacement.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Resubscription resubscribed = resubscriber.next(timeout)
                    .orElseThrow(() -> new IllegalStateException("no resubscription within " + timeout));
            ConnectionHandle<QuicChannel> handle = context.connections().handle(CONNECTION, QuicChannel.class);
            console.line("client '" + CONNECTION.value() + "' is connected again, to " + now.remoteSocketAddress()
                    + "; handle(\"" + CONNECTION.value() + "\") resolves to "
                    + handle.current().map(QuicChannel::remoteSocketAddress).map(SocketAddress::toString).orElse("nothing")
                    + "; subscribed to " + resubscribed.topic() + " again");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
        console.line("client and server closed; connection ids registered: " + context.connections().ids());
    }

    private static String subscribe(QuicChannel connection, Duration timeout) throws Exception {
        byte[] reply = ClientStreams.requestReply(connection, ("subscribe " + TOPIC).getBytes(StandardCharsets.UTF_8), 1024)
                .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new String(reply, StandardCharsets.UTF_8);
    }
}
