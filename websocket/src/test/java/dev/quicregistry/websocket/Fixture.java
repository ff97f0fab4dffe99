package dev.quicregistry.websocket;

import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.ExponentialBackoff;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** What every test of this module starts from: a real server, a registry that records its events, a client builder. */
final class Fixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final TestWebSocketServer server;
    final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    final List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    final ConnectionId id = ConnectionId.of("ws-" + System.nanoTime());
    /** One HTTP client per test, so no test shares a connection pool or selector with another. */
    final java.net.http.HttpClient httpClient = java.net.http.HttpClient.newHttpClient();
    private ReconnectingWebSocket client;

    Fixture() throws Exception {
        server = TestWebSocketServer.started();
        registry.addListener(events::add);
    }

    /** Retries fast: 10 ms doubling up to 100 ms. */
    static ExponentialBackoff fastBackoff(int maxAttempts) {
        return ExponentialBackoff.of(Duration.ofMillis(10), Duration.ofMillis(100), maxAttempts);
    }

    ReconnectingWebSocket.Builder builder() {
        return ReconnectingWebSocket.builder(server.uri(), registry).id(id).httpClient(httpClient)
                .backoff(fastBackoff(ExponentialBackoff.UNLIMITED)).connectTimeout(Duration.ofSeconds(5))
                // on, as in production (see ServerRestartTest): a dropped TCP connection the JDK missed is found.
                // Bounds that a loaded 2-core machine keeps: a pong late by a busy core or a GC pause is not a
                // lost connection (a 1 s pong timeout was); tests of the timeouts themselves set their own.
                .ping(Duration.ofMillis(200), Duration.ofSeconds(5))
                .closeTimeout(Duration.ofSeconds(5));
    }

    /** Connects {@code builder}'s client, tracking its states, and waits until it is connected. */
    ReconnectingWebSocket connect(ReconnectingWebSocket.Builder builder) throws Exception {
        client = builder.build();
        client.addStateListener(states::add);
        client.start();
        client.awaitConnected(WAIT);
        return client;
    }

    <E extends RegistryEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void awaitState(Predicate<ConnectionState> condition) {
        await().atMost(WAIT).until(() -> condition.test(client.state()));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        server.close();
    }
}
