package dev.quicregistry.samples.reconnect;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.cdi.QuicRegistryExtension;
import dev.quicregistry.netty.ClientStreams;
import dev.quicregistry.netty.NettyQuicServer;
import dev.quicregistry.netty.ReconnectingQuicClient;
import io.netty.handler.codec.quic.QuicChannel;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sample's reconnection part: a QUIC client survives a restart of its server. The client finds
 * the server "ticker" by name, subscribes to a topic, the server is stopped and a new one starts on
 * another port under the same name; the client finds it, the registry swaps the transport under the
 * same id, and the CDI observer {@link Resubscriber} subscribes again on the new connection.
 */
public final class ReconnectPart {

    /** The registry name of the server. */
    public static final String SERVER_NAME = "ticker";
    /** The client's stable id. */
    public static final ConnectionId CONNECTION = ConnectionId.of("ticker-feed");
    /** The topic it subscribes to. */
    public static final String TOPIC = "prices";

    private static final Duration WAIT = Duration.ofSeconds(15);

    private ReconnectPart() {
    }

    /** The bean classes this part needs in the container, besides the {@link QuicRegistryExtension}. */
    public static List<Class<?>> beanClasses() {
        return List.of(Subscriptions.class, Resubscriber.class, SampleConsole.class);
    }

    /** Runs the part alone, in a container of its own. */
    public static void main(String[] args) throws Exception {
        try (SeContainer container = SeContainerInitializer.newInstance()
                .disableDiscovery()
                .addExtensions(new QuicRegistryExtension())
                .addBeanClasses(beanClasses().toArray(Class<?>[]::new))
                .initialize()) {
            run(container, System.out);
        }
    }

    /**
     * Runs the part in {@code container} (which has the extension and {@link #beanClasses()}),
     * printing to {@code out}; leaves no server, client or thread behind.
     *
     * @throws IllegalStateException where a step does not happen within its bound
     */
    public static void run(SeContainer container, PrintStream out) throws Exception {
        container.select(SampleConsole.class).get().printTo(out);
        QuicServerRegistry servers = container.select(QuicServerRegistry.class).get();
        ConnectionRegistry connections = container.select(ConnectionRegistry.class).get();
        Subscriptions subscriptions = container.select(Subscriptions.class).get();
        Resubscriber resubscriber = container.select(Resubscriber.class).get();

        out.println("== reconnection: a QUIC client survives a server restart ==");
        try (SampleCertificate certificate = SampleCertificate.generate()) {
            NettyQuicServer first = TickerServer.startAndRegister(servers, SERVER_NAME, certificate);
            NettyQuicServer second = null;
            out.println("server '" + SERVER_NAME + "' listening on port " + first.boundPort());
            try (ReconnectingQuicClient client = ReconnectingQuicClient.builder(servers, SERVER_NAME, connections)
                    .id(CONNECTION)
                    .alpn(TickerServer.ALPN)
                    .trustCertificates(certificate.certificatePem())
                    .tlsHostName("localhost")
                    // A fixed pause rather than exponential backoff: by the time it has passed, the
                    // stopped server has left the registry, so the client never dials a server that is going away.
                    .backoff(attempt -> attempt <= 50 ? Optional.of(Duration.ofMillis(200)) : Optional.empty())
                    .connectTimeout(Duration.ofSeconds(5))
                    .connect()) {
                QuicChannel connection = client.awaitConnected(WAIT);
                subscriptions.add(CONNECTION, TOPIC);
                out.println("client '" + CONNECTION.value() + "' connected to " + connection.remoteSocketAddress() + ": "
                        + subscribe(connection, TOPIC));

                CompletableFuture<QuicChannel> replacement = client.nextConnected().toCompletableFuture();
                first.close();
                out.println("server '" + SERVER_NAME + "' stopped; registered now: " + servers.names());
                second = TickerServer.startAndRegister(servers, SERVER_NAME, certificate);
                out.println("server '" + SERVER_NAME + "' restarted on port " + second.boundPort());

                QuicChannel now = replacement.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Resubscription resubscription = resubscriber.next(WAIT)
                        .orElseThrow(() -> new IllegalStateException("no resubscription within " + WAIT));
                ConnectionHandle<QuicChannel> handle = connections.handle(CONNECTION, QuicChannel.class);
                out.println("client '" + CONNECTION.value() + "' is connected again to " + now.remoteSocketAddress()
                        + "; its handle resolves to " + handle.current().map(QuicChannel::remoteSocketAddress)
                        .map(SocketAddress::toString).orElse("nothing") + "; resubscribed to " + resubscription.topic());
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        }
        out.println("client closed; connection ids registered now: " + connections.ids());
    }

    private static String subscribe(QuicChannel connection, String topic) throws Exception {
        byte[] reply = ClientStreams.requestReply(connection, ("subscribe " + topic).getBytes(StandardCharsets.UTF_8), 1024)
                .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return new String(reply, StandardCharsets.UTF_8);
    }
}
