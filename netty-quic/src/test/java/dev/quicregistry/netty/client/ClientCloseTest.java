package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState.Reconnecting;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.ExponentialBackoff;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client close() is final: it never reconnects, even in the middle of a reconnection, and leaves no thread. */
class ClientCloseTest {

    @TempDir
    Path dir;
    private ClientFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void closeClosesTheConnectionUnregistersAndNeverReconnects() throws Exception {
        NettyQuicServer server = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder());
        QuicChannel connection = client.handle().current().orElseThrow();
        await().atMost(ClientFixture.WAIT).until(() -> server.connections().size() == 1);

        client.close();

        assertThat(connection.isOpen()).isFalse();
        assertThat(client.state()).isInstanceOfSatisfying(Closed.class,
                closed -> assertThat(closed.reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT));
        assertThat(fixture.events).last().isEqualTo(new ConnectionUnregistered(fixture.id, connection));
        assertThat(fixture.states).last().isInstanceOf(Closed.class);
        await().atMost(ClientFixture.WAIT).until(() -> server.connections().isEmpty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> server.connections().isEmpty() && fixture.states.get(fixture.states.size() - 1) instanceof Closed);
        assertThat(fixture.states).noneMatch(Reconnecting.class::isInstance);
        assertThat(Threads.startingWith("quic-client-" + fixture.id)).as("event loop").isEmpty();
        assertThat(Threads.startingWith("quic-registry-quic-client-" + fixture.id)).as("callback thread").isEmpty();
    }

    /**
     * A handshake in flight has a UDP socket of its own, which no connection owns yet. Closing the
     * client used to leave it open: its event loop stopped without closing it (a socket per close,
     * held until the JVM ends), and on shared threads it stayed until connectTimeout.
     */
    @Test
    void closeDuringAHandshakeClosesTheAttemptsSocket() throws Exception {
        for (boolean shared : new boolean[] {false, true}) {
            try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                 QuicClientThreads threads = QuicClientThreads.create("handshake-in-flight", 1)) {
                silent.setSoTimeout((int) ClientFixture.WAIT.toMillis());
                fixture.servers.register(ClientFixture.NAME, dev.quicregistry.testing.TestServer.boundAt(
                        (InetSocketAddress) silent.getLocalSocketAddress()), silent.getLocalPort(), Map.of());
                ReconnectingQuicClient.Builder builder = fixture.builder().connectTimeout(Duration.ofSeconds(60));
                ReconnectingQuicClient client = (shared ? builder.threads(threads) : builder).build();
                fixture.track(client);
                client.start();
                DatagramPacket initial = new DatagramPacket(new byte[2048], 2048);
                silent.receive(initial); // the handshake's first packet: its socket is bound, the attempt in flight

                client.close();

                InetSocketAddress attemptsSocket = (InetSocketAddress) initial.getSocketAddress();
                await().atMost(ClientFixture.WAIT).alias("the attempt's socket " + attemptsSocket + " closed (shared threads: " + shared + ")")
                        .until(() -> dev.quicregistry.testing.Ports.isFree(attemptsSocket.getPort()));
            }
        }
    }

    @Test
    void closeFromAConnectionReplacedListenerNeitherBlocksNorLeaks() throws Exception {
        ManualScheduler retries = new ManualScheduler();
        NettyQuicServer first = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(retries));
        CompletableFuture<String> closedBy = new CompletableFuture<>();
        fixture.connections.addListener(event -> {
            if (event instanceof ConnectionReplaced) {
                client.close(); // on the client's own callback thread, inside the reconnector's work
                closedBy.complete(Thread.currentThread().getName());
            }
        });
        first.close();
        fixture.awaitState(Reconnecting.class::isInstance);
        NettyQuicServer second = fixture.startServer();
        retries.runNext();

        assertThat(closedBy.get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("quic-registry-quic-client-" + fixture.id);
        Closed closed = client.closed().toCompletableFuture().get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(closed.reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT);
        assertThat(fixture.events).last().isInstanceOf(ConnectionUnregistered.class);
        await().atMost(ClientFixture.WAIT).until(() -> second.connections().isEmpty());
        assertThat(Threads.startingWith("quic-client-" + fixture.id)).as("event loop").isEmpty();
        assertThat(Threads.startingWith("quic-registry-quic-client-" + fixture.id)).as("callback thread").isEmpty();
    }

    @Test
    void closeDuringAReconnectStopsItWithNoFurtherAttemptAndNoLeakedThread() throws Exception {
        NettyQuicServer first = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder()
                .backoff(ExponentialBackoff.of(Duration.ofMillis(20), Duration.ofMillis(50), ExponentialBackoff.UNLIMITED)));
        first.close();
        fixture.awaitState(state -> state instanceof Reconnecting reconnecting && reconnecting.attempt() >= 3);

        client.close();
        int statesAtClose = fixture.states.size();
        NettyQuicServer second = fixture.startServer();

        assertThat(Threads.startingWith("quic-client-" + fixture.id)).as("event loop").isEmpty();
        assertThat(Threads.startingWith("quic-registry-quic-client-" + fixture.id)).as("callback thread").isEmpty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> second.connections().isEmpty());
        assertThat(fixture.states).hasSize(statesAtClose);
        assertThat(fixture.states.get(statesAtClose - 1)).isInstanceOfSatisfying(Closed.class,
                closed -> assertThat(closed.reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT));
        assertThat(fixture.connections.ids()).doesNotContain(fixture.id);
        assertThat(client.state()).isInstanceOf(ConnectionState.Closed.class);
    }
}
