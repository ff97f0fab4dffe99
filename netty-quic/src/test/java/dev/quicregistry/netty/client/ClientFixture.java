package dev.quicregistry.netty.client;

import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.netty.server.TestServers;
import dev.quicregistry.reconnect.BackoffPolicy;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.ExponentialBackoff;
import dev.quicregistry.testing.TestCertificates;
import io.netty.handler.codec.quic.QuicChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Real echo servers registered by name in a real server registry, a real connection registry
 * recording its events, and clients of them; closes everything it made.
 */
final class ClientFixture implements AutoCloseable {

    static final String NAME = "echo";
    static final Duration WAIT = Duration.ofSeconds(10);

    final TestCertificates certificates;
    final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
    final LocalConnectionRegistry connections = new LocalConnectionRegistry();
    final List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    final ConnectionId id = ConnectionId.random();
    private final List<NettyQuicServer> started = new ArrayList<>();
    private final List<ReconnectingQuicClient> clients = new ArrayList<>();

    ClientFixture(Path directory) throws Exception {
        this.certificates = TestCertificates.writeTo(directory);
        connections.addListener(events::add);
    }

    /** A new echo server on 127.0.0.1, an ephemeral port, registered as {@link #NAME}. */
    NettyQuicServer startServer() throws Exception {
        NettyQuicServer server = TestServers.startedEcho(certificates);
        started.add(server);
        servers.register(NAME, server, 0, Map.of());
        return server;
    }

    /** A client of {@link #NAME} trusting the test CA, recording its states, with a short backoff. */
    ReconnectingQuicClient.Builder builder() {
        return ReconnectingQuicClient.builder(servers, NAME, connections)
                .id(id)
                .alpn(TestServers.ALPN)
                .trustCertificates(certificates.trustedPem())
                .backoff(fastBackoff(ExponentialBackoff.UNLIMITED));
    }

    /** Builds, records states from the start, connects, and waits for the first connection. */
    ReconnectingQuicClient connect(ReconnectingQuicClient.Builder builder) throws Exception {
        ReconnectingQuicClient client = builder.build();
        clients.add(client);
        client.addStateListener(states::add);
        client.start();
        client.awaitConnected(WAIT);
        return client;
    }

    /** Closes {@code client} with the fixture. */
    void track(ReconnectingQuicClient client) {
        clients.add(client);
    }

    static BackoffPolicy fastBackoff(int maxAttempts) {
        return ExponentialBackoff.of(Duration.ofMillis(10), Duration.ofMillis(40), maxAttempts);
    }

    <E extends RegistryEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    ConnectionState awaitState(Predicate<ConnectionState> condition) {
        return await().atMost(WAIT).until(() -> states.stream().filter(condition).findFirst().orElse(null),
                found -> found != null);
    }

    /** One request on a new stream of {@code connection}, and the echo server's whole reply. */
    static String exchange(QuicChannel connection, String request) throws Exception {
        byte[] reply = ClientStreams.requestReply(connection, request.getBytes(StandardCharsets.UTF_8), 64 * 1024)
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new String(reply, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        clients.forEach(ReconnectingQuicClient::close);
        started.forEach(NettyQuicServer::close);
    }
}
