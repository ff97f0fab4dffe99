package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.server.NettyQuicServer;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the QUIC client runs user code, how long its close takes, and what many clients cost in threads. */
class ClientThreadsTest {

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
    void acrossFiftyReconnectionsNoStateListenerOrRegistryEventRunsOnAnEventLoop() throws Exception {
        NettyQuicServer server = fixture.startServer();
        Set<Thread> userCodeThreads = ConcurrentHashMap.newKeySet();
        fixture.connections.addListener(event -> userCodeThreads.add(Thread.currentThread()));
        ReconnectingQuicClient client = fixture.builder().build();
        fixture.track(client);
        client.addStateListener(state -> userCodeThreads.add(Thread.currentThread()));
        client.start();
        client.awaitConnected(ClientFixture.WAIT);

        for (int i = 0; i < 50; i++) {
            var replaced = client.nextConnected().toCompletableFuture();
            await().atMost(ClientFixture.WAIT).until(() -> server.connections().size() == 1);
            server.connections().forEach(QuicConnection::close); // the server drops the client: it reconnects
            replaced.get(ClientFixture.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }

        assertThat(fixture.events(dev.quicregistry.api.ConnectionReplaced.class)).hasSize(50);
        assertThat(userCodeThreads).isNotEmpty().allSatisfy(thread -> {
            assertThat(thread).as(thread.getName()).isNotInstanceOf(FastThreadLocalThread.class);
            assertThat(thread.getName()).doesNotStartWith("quic-client-");
        });
    }

    @Test
    void closeDuringAReconnectToAServerThatNeverAnswersReturnsWithinCloseTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            LocalQuicServerRegistry servers = fixture.servers;
            servers.register(ClientFixture.NAME, dev.quicregistry.testing.TestServer.boundAt(
                    (InetSocketAddress) silent.getLocalSocketAddress()), silent.getLocalPort(), Map.of());
            Duration closeTimeout = Duration.ofSeconds(1);
            ReconnectingQuicClient client = fixture.builder().connectTimeout(Duration.ofSeconds(30))
                    .closeTimeout(closeTimeout).build();
            fixture.track(client);
            client.start(); // the handshake's Initial goes to a socket that never answers

            long started = System.nanoTime();
            client.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // without its timeout it would wait the 30 s connectTimeout; the margin is for a loaded machine
            assertThat(took).as("close() with closeTimeout=" + closeTimeout).isLessThan(closeTimeout.plusSeconds(3));
            assertThat(client.state()).isInstanceOf(dev.quicregistry.reconnect.ConnectionState.Closed.class);
        }
    }

    /**
     * A close from an event loop must not wait: it would block that loop, here until another loop
     * (the one of the client's connection, held busy by the test) is free. With a shared group of
     * several loops the check must know every loop of the group, not only the one the group hands
     * out next; the test makes "next" another loop when close() runs.
     */
    @Test
    void closeFromAnyEventLoopOfASharedGroupReturnsWithoutWaitingForTheOthers() throws Exception {
        fixture.startServer();
        try (QuicClientThreads shared = QuicClientThreads.create("shared-loops", 4)) {
            Duration closeTimeout = Duration.ofSeconds(20);
            ReconnectingQuicClient client = fixture.builder().threads(shared).closeTimeout(closeTimeout).build();
            client.start();
            client.awaitConnected(ClientFixture.WAIT);
            io.netty.channel.EventLoop connectionLoop = client.connection().orElseThrow().eventLoop();
            io.netty.util.concurrent.EventExecutor closingLoop = java.util.stream.StreamSupport
                    .stream(shared.eventLoops().spliterator(), false).filter(loop -> loop != connectionLoop)
                    .findFirst().orElseThrow();
            java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
            connectionLoop.execute(() -> awaitQuietly(busy));
            try {
                var closed = closingLoop.submit(() -> {
                    // round robin over four loops: within four calls it hands out this one, and the next is another
                    for (int calls = 0; calls < 4 && shared.eventLoops().next() != closingLoop; calls++) {
                        // advance
                    }
                    client.close();
                });

                // returns while the connection's loop is still busy: it did not wait for it
                closed.get(5, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                busy.countDown();
            }
            await().atMost(ClientFixture.WAIT).until(() -> client.state() instanceof dev.quicregistry.reconnect.ConnectionState.Closed);
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void twoHundredClientsSharingThreadsCostTheSharedThreadsOnly() throws Exception {
        NettyQuicServer server = fixture.startServer();
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<ReconnectingQuicClient> clients = new ArrayList<>();
        try (QuicClientThreads shared = QuicClientThreads.create("shared-quic-clients", 2)) {
            try {
                for (int i = 0; i < 200; i++) {
                    ReconnectingQuicClient client = fixture.builder().id(ConnectionId.of("shared-" + i)).threads(shared).build();
                    clients.add(client);
                    client.start();
                }
                for (ReconnectingQuicClient client : clients) {
                    client.awaitConnected(ClientFixture.WAIT);
                }
                int during = ManagementFactory.getThreadMXBean().getThreadCount();
                System.getLogger(getClass().getName()).log(System.Logger.Level.INFO,
                        "200 QUIC clients on shared threads: {0} threads before, {1} with all connected", before, during);

                assertThat(server.connections()).hasSize(200);
                assertThat(during - before).as("threads added by 200 connected clients (2 event loops + 1 callback thread)")
                        .isLessThanOrEqualTo(4);
            } finally {
                clients.forEach(ReconnectingQuicClient::close); // the clients first, then their threads (as documented)
            }
        }
    }

    @Test
    void closingSharedThreadsClosesTheClientsStillUsingThemFirst() throws Exception {
        // Closing the threads alone (the try-with-resources of docs/quic-client.md, with no close of
        // the clients) used to stop the loops under live connections: the server kept them until its
        // idle timeout (30 s), and a client closed afterwards waited out its closeTimeout for them.
        NettyQuicServer server = fixture.startServer();
        List<ReconnectingQuicClient> clients;
        QuicClientThreads shared = QuicClientThreads.create("closed-with-clients", 2);
        try {
            clients = connectedClients(shared, server, 20);
            assertThat(shared.clientsOpen()).isEqualTo(20);
        } finally {
            shared.close();
        }
        assertThat(shared.clientsOpen()).as("closed clients are no longer held").isZero();

        for (ReconnectingQuicClient client : clients) {
            assertThat(client.state()).isInstanceOf(dev.quicregistry.reconnect.ConnectionState.Closed.class);
        }
        assertThat(fixture.connections.ids()).as("every client's id unregistered").isEmpty();
        // each connection ended with a CONNECTION_CLOSE, not at the server's idle timeout of 30 s
        await().atMost(ClientFixture.WAIT).until(() -> server.connections().isEmpty());
        // closing a client again is a no-op that does not wait
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> clients.forEach(ReconnectingQuicClient::close));
    }

    @Test
    void sharedThreadsClosedFromAStateListenerStillCloseEveryConnection() throws Exception {
        // The callback thread runs the clients' state listeners and registry events. A close there used
        // to stop the loops before the clients' last steps (queued behind it) could close their
        // connections: the server kept them until its idle timeout (30 s).
        NettyQuicServer server = fixture.startServer();
        QuicClientThreads shared = QuicClientThreads.create("closed-from-callbacks", 2);
        List<ReconnectingQuicClient> clients = connectedClients(shared, server, 3);

        var closing = new java.util.concurrent.CompletableFuture<Void>();
        for (ReconnectingQuicClient client : clients) {
            client.addStateListener(state -> {
                if (state instanceof dev.quicregistry.reconnect.ConnectionState.Reconnecting) {
                    shared.close();
                    closing.complete(null);
                }
            });
        }
        server.connections().get(0).close(); // one client reconnects: its state listener closes the threads

        closing.get(ClientFixture.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThatThrownBy(() -> fixture.builder().threads(shared).build())
                .as("closed at once for new clients").isInstanceOf(IllegalStateException.class);
        await().atMost(ClientFixture.WAIT).until(() -> server.connections().isEmpty()); // CONNECTION_CLOSE, not the 30 s idle timeout
        assertClosedWithTheirThreads(shared, clients);
    }

    @Test
    void sharedThreadsClosedFromAnEventLoopDoNotBlockIt() throws Exception {
        // A close on an event loop used to wait there five seconds for the loops to stop, which the
        // loop it held could not do: a stream handler closing the threads stalled its connections.
        NettyQuicServer server = fixture.startServer();
        QuicClientThreads shared = QuicClientThreads.create("closed-from-a-loop", 2);
        List<ReconnectingQuicClient> clients = connectedClients(shared, server, 3);
        io.netty.channel.EventLoop loop = clients.get(0).connection().orElseThrow().eventLoop();

        var closing = loop.submit(shared::close);

        // returns without waiting (it waited the full 5 s before): 3 s is the margin for a loaded machine
        closing.get(3, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(ClientFixture.WAIT).until(() -> server.connections().isEmpty());
        assertClosedWithTheirThreads(shared, clients);
    }

    private List<ReconnectingQuicClient> connectedClients(QuicClientThreads shared, NettyQuicServer server, int count)
            throws Exception {
        List<ReconnectingQuicClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ReconnectingQuicClient client = fixture.builder().id(ConnectionId.of("shared-client-" + i)).threads(shared)
                    .closeTimeout(Duration.ofSeconds(30)).build();
            fixture.track(client);
            clients.add(client);
            client.start();
        }
        for (ReconnectingQuicClient client : clients) {
            client.awaitConnected(ClientFixture.WAIT);
        }
        // the client's side of a handshake completes before the server's
        await().atMost(ClientFixture.WAIT).until(() -> server.connections().size() == count);
        return clients;
    }

    private void assertClosedWithTheirThreads(QuicClientThreads shared, List<ReconnectingQuicClient> clients) {
        for (ReconnectingQuicClient client : clients) {
            await().atMost(ClientFixture.WAIT).until(() -> client.state() instanceof dev.quicregistry.reconnect.ConnectionState.Closed);
        }
        await().atMost(ClientFixture.WAIT).until(() -> fixture.connections.ids().isEmpty());
        await().atMost(ClientFixture.WAIT).until(() -> shared.eventLoops().isTerminated());
        assertThat(shared.clientsOpen()).isZero();
    }

    @Test
    void aClientCannotBeBuiltOnClosedThreads() {
        QuicClientThreads shared = QuicClientThreads.create("closed-before-build", 1);
        shared.close();

        assertThatThrownBy(() -> fixture.builder().threads(shared).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'closed-before-build' are closed");
        assertThatThrownBy(() -> fixture.builder().threads(shared).connect())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'closed-before-build' are closed");
        assertThat(shared.clientsOpen()).isZero();
    }

    @Test
    void aClientClosedByItsOwnerOrGivingUpIsNoLongerHeldByItsThreads() throws Exception {
        fixture.startServer();
        try (QuicClientThreads shared = QuicClientThreads.create("held-while-open", 1)) {
            ReconnectingQuicClient closedByOwner = fixture.builder().id(ConnectionId.of("closed-by-owner")).threads(shared).build();
            fixture.track(closedByOwner);
            closedByOwner.start();
            closedByOwner.awaitConnected(ClientFixture.WAIT);
            // a client whose backoff gives up after one retry, against a name no server is registered under: it closes itself
            ReconnectingQuicClient givingUp = ReconnectingQuicClient.builder(fixture.servers, "nobody", fixture.connections)
                    .id(ConnectionId.of("giving-up")).alpn(dev.quicregistry.netty.server.TestServers.ALPN)
                    .backoff(ClientFixture.fastBackoff(1)).threads(shared).build();
            fixture.track(givingUp);
            assertThat(shared.clientsOpen()).isEqualTo(2);

            closedByOwner.close();
            givingUp.start();

            await().atMost(ClientFixture.WAIT).until(() -> givingUp.state() instanceof dev.quicregistry.reconnect.ConnectionState.Closed);
            await().atMost(ClientFixture.WAIT).until(() -> shared.clientsOpen() == 0);
        }
    }
}
