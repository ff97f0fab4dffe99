package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import dev.quicregistry.testing.UdpRelay;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** connections() follows real QUIC clients as they connect and leave, and close() ends them cleanly. */
class ConnectionTrackingTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private NettyQuicServer server;

    @BeforeEach
    void certificates() throws Exception {
        certificates = TestCertificates.writeTo(dir);
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectionsGrowAndShrinkAsClientsConnectAndClose() throws Exception {
        server = TestServers.startedEcho(certificates);
        LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
        registry.register("echo", server, 0, Map.of());
        int port = registry.port("echo").orElseThrow();
        assertThat(server.connections()).isEmpty();

        try (QuicTestClient first = QuicTestClient.connect(port, TestServers.ALPN, certificates.trusted())) {
            await().atMost(BOUND).until(() -> server.connections().size() == 1);
            assertThat(server.connections()).singleElement()
                    .satisfies(connection -> assertThat(connection.isOpen()).isTrue())
                    .extracting(QuicConnection::remoteAddress).isEqualTo(first.localAddress());

            try (QuicTestClient second = QuicTestClient.connect(port, TestServers.ALPN, certificates.trusted())) {
                await().atMost(BOUND).until(() -> registry.connections("echo").orElseThrow().size() == 2);
                assertThat(registry.connections("echo").orElseThrow()).extracting(QuicConnection::remoteAddress)
                        .containsExactlyInAnyOrder(first.localAddress(), second.localAddress());
            }
            await().atMost(BOUND).until(() -> server.connections().size() == 1);
            assertThat(server.connections()).extracting(QuicConnection::remoteAddress).containsExactly(first.localAddress());
        }
        await().atMost(BOUND).until(() -> server.connections().isEmpty());
    }

    @Test
    void aSnapshotIsNotChangedByLaterConnections() throws Exception {
        server = TestServers.startedEcho(certificates);
        List<QuicConnection> before = server.connections();

        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            await().atMost(BOUND).until(() -> server.connections().size() == 1);
            assertThat(client.isOpen()).isTrue();
            assertThat(before).isEmpty();
        }
    }

    @Test
    void closeEndsEveryConnectionWithACleanApplicationClose() throws Exception {
        server = TestServers.startedEcho(certificates);
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            await().atMost(BOUND).until(() -> server.connections().size() == 1);
            QuicConnection listed = server.connections().get(0);

            server.close();

            assertThat(server.connections()).isEmpty();
            assertThat(listed.isOpen()).isFalse();
            QuicConnectionCloseEvent close = client.closedByPeer().get(QuicTestClient.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(close.isApplicationClose()).isTrue();
            assertThat(close.error()).isZero();
            await().atMost(BOUND).until(() -> !client.isOpen());
        }
    }

    @Test
    void closingAListedConnectionEndsThatClientOnly() throws Exception {
        server = TestServers.startedEcho(certificates);
        try (QuicTestClient kept = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted());
             QuicTestClient dropped = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            await().atMost(BOUND).until(() -> server.connections().size() == 2);

            server.connections().stream()
                    .filter(connection -> connection.remoteAddress().equals(dropped.localAddress()))
                    .forEach(QuicConnection::close);

            await().atMost(BOUND).until(() -> !dropped.isOpen());
            await().atMost(BOUND).until(() -> server.connections().size() == 1);
            assertThat(kept.exchange("still here")).isEqualTo("still here");
        }
    }

    @Test
    void aConnectionBeyondMaxConnectionsIsRefused() throws Exception {
        server = TestServers.echo(certificates).build();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.MAX_CONNECTIONS, "1")));
        try (QuicTestClient admitted = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            await().atMost(BOUND).until(() -> server.connections().size() == 1);

            assertRefused();
            assertThat(server.connections()).hasSize(1);
            assertThat(admitted.exchange("admitted")).isEqualTo("admitted");
        }
    }

    @Test
    void aClientWhoseFirstAnswersAreLostConnectsWhenItResendsItsFirstInitialToAServerAtItsLimit() throws Exception {
        server = TestServers.echo(certificates).build();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.MAX_CONNECTIONS, "1")));
        // The server's first flight is lost: the client resends its first Initial, to the id it chose, when its own
        // handshake already fills max-connections. That Initial is its connection's, not a new one to refuse.
        try (UdpRelay relay = UdpRelay.losingFirstAnswers(server.boundPort(), 2);
             QuicTestClient client = QuicTestClient.connect(relay.port(), TestServers.ALPN, certificates.trusted())) {
            assertThat(client.exchange("after a lost first flight")).isEqualTo("after a lost first flight");
            assertThat(relay.datagramsFromServer()).isGreaterThan(2);
            assertThat(server.refusedBeforeHandshake()).as("the resent Initial taken for a new connection").isZero();
        }
    }

    @Test
    void anAddressBeyondItsShareOfConnectionsIsRefusedAndGetsAPlaceAgainWhenOneCloses() throws Exception {
        server = TestServers.echo(certificates).build();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.MAX_CONNECTIONS_PER_ADDRESS, "2")));
        try (QuicTestClient first = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            try (QuicTestClient second = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
                await().atMost(BOUND).until(() -> server.connections().size() == 2);

                assertRefused(); // a third from 127.0.0.1, though max-connections (10 000) is far
                assertThat(server.connections()).hasSize(2);
            }
            await().atMost(BOUND).until(() -> server.connections().size() == 1);
            try (QuicTestClient again = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
                assertThat(again.exchange("a place again")).isEqualTo("a place again");
            }
            assertThat(first.exchange("still here")).isEqualTo("still here");
        }
    }

    @Test
    void anAddressHoldingItsShareOfHandshakesIsRefusedBeforeAnyTlsWork() throws Exception {
        server = TestServers.echo(certificates).build();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.MAX_HANDSHAKES_PER_ADDRESS, "1",
                ServerOptions.RETRY_THRESHOLD, "1000"))); // no Retry: the first ClientHello makes a handshake at once
        // One handshake from 127.0.0.1 that never completes (its answers are dropped) holds the address's share.
        try (UdpRelay blackHole = UdpRelay.droppingAnswers(server.boundPort());
             ClientHelloFlood held = ClientHelloFlood.start(blackHole.port(), 5, TestServers.ALPN)) {
            await().atMost(BOUND).until(() -> server.handshakesInProgress() == 1);

            assertRefused(); // a whole first flight before this change: certificate and signature for each attempt
            assertThat(server.handshakesInProgress()).isEqualTo(1);
        }
    }

    @Test
    void aClosingServerRefusesNewConnectionsWhileItsOpenOnesStillWork() throws Exception {
        server = TestServers.startedEcho(certificates);
        try (QuicTestClient open = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            await().atMost(BOUND).until(() -> server.connections().size() == 1);

            server.stopAcceptingConnections();

            assertRefused();
            assertThat(server.connections()).hasSize(1);
            assertThat(open.exchange("still open")).isEqualTo("still open");
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutFromTheOptions() throws Exception {
        server = TestServers.echo(certificates).idleTimeout(Duration.ofMinutes(5)).build();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.IDLE_TIMEOUT, "PT1S")));
        try (QuicTestClient idle = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            await().atMost(BOUND).until(() -> server.connections().size() == 1);

            // The client's own idle timeout is 10 s: only the server's 1 s can end it this soon.
            await().atMost(BOUND).until(() -> server.connections().isEmpty() && !idle.isOpen());
        }
    }

    /**
     * A new client is refused before any handshake work: its first Initial is answered with one
     * small Initial carrying CONNECTION_CLOSE (CONNECTION_REFUSED), under 300 bytes counted at a
     * relay, and its connect fails with that error (not by timing out: Kwik reports it once its
     * draining period, three probe timeouts, has passed); it never counts as a connection. The
     * refused client is Kwik's, a QUIC stack we did not write, so the close is proven readable
     * with another implementation's Initial keys.
     */
    private void assertRefused() throws Exception {
        try (UdpRelay relay = UdpRelay.start(server.boundPort(), Duration.ZERO)) {
            tech.kwik.core.QuicClientConnection refused = KwikClients.unconnected(relay.port(), certificates);
            try {
                assertThatThrownBy(refused::connect).isInstanceOf(java.net.ConnectException.class)
                        .hasMessageContaining("transport error 2"); // CONNECTION_REFUSED, as Kwik reports it
            } finally {
                refused.close();
            }
            assertThat(relay.datagramsFromServer()).isPositive();
            assertThat(relay.bytesFromServer()).as("bytes the server sent to refuse").isLessThan(300);
            assertThat(server.refusedBeforeHandshake()).as("refused before the codec saw it").isPositive();
        }
    }
}
