package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.QuicErrorCodes;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.netty.server.TestServers;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.PeerGoingAwayException;
import dev.quicregistry.testing.DirectoryView;
import dev.quicregistry.testing.UdpRelay;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client under a server that drains (DRAIN.md, clients): it moves at once to the next server,
 * with one {@code ConnectionReplaced} and no backoff (the backoff's scheduler here never runs a
 * task: a client that waited on it would never reconnect), and {@code requestReply} loses nothing.
 */
class ClientFollowsDrainTest {

    private static final Duration WAIT = ClientFixture.WAIT;

    @TempDir
    Path dir;
    private ClientFixture fixture;
    private final ManualScheduler neverRuns = new ManualScheduler();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void aLoopingClientMovesToTheServerRegisteredNextWithoutAFailedRequestOrABackoff() throws Exception {
        NettyQuicServer first = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(neverRuns));
        RequestLoop loop = RequestLoop.start(client);
        loop.awaitReplies(20);

        fixture.startServer(); // the next server takes the name (in one JVM the registry holds one per name)
        first.drain(Duration.ofSeconds(5)); // then the old one drains: its client moves while requests go on
        int before = loop.replies();
        loop.awaitReplies(before + 20);
        loop.stop();

        assertThat(loop.failures()).isEmpty();
        assertThat(fixture.events(ConnectionReplaced.class)).hasSize(1);
        assertThat(neverRuns.pending()).as("no backoff was scheduled").isZero();
        assertThat(fixture.states).filteredOn(ConnectionState.Reconnecting.class::isInstance)
                .allSatisfy(state -> assertThat(((ConnectionState.Reconnecting) state).delay()).isZero());
        assertThat(first.termination().toCompletableFuture()).isCompleted();
    }

    @Test
    void aClientWhoseDirectoryStillListsTheDrainingServerIsRefusedAndDialsTheNextEndpointAtOnce() throws Exception {
        NettyQuicServer next = TestServers.startedEcho(fixture.certificates);
        NettyQuicServer refusing = heldDraining();
        DirectoryView stale = DirectoryView.of(List.of(endpoint(refusing), endpoint(next)));
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        ReconnectingQuicClient client = ReconnectingQuicClient.builder(stale, ClientFixture.NAME, fixture.connections)
                .alpn(TestServers.ALPN).trustCertificates(fixture.certificates.trustedPem()).tlsHostName("localhost")
                .scheduler(neverRuns).backoff(ClientFixture.fastBackoff(5)).build();
        fixture.track(client);
        client.addStateListener(states::add);
        long started = System.nanoTime();
        client.start();

        client.awaitConnected(WAIT);

        assertThat(client.connection().orElseThrow().remoteSocketAddress()).isEqualTo(next.localAddress().orElseThrow());
        assertThat(states).filteredOn(ConnectionState.Reconnecting.class::isInstance).singleElement()
                .satisfies(state -> {
                    assertThat(((ConnectionState.Reconnecting) state).delay()).isZero();
                    assertThat(((ConnectionState.Reconnecting) state).cause()).isInstanceOf(PeerGoingAwayException.class)
                            .hasMessageContaining("CONNECTION_REFUSED");
                });
        assertThat(neverRuns.pending()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the refusal is acted on as it arrives, not after"
                + " the handshake's draining period").isLessThan(Duration.ofSeconds(2));
        assertThat(new String(client.requestReply("after".getBytes(StandardCharsets.UTF_8), 100, WAIT)
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("after");
        refusingRelease.complete(null);
        next.close();
    }

    @Test
    void aRequestTheServerMayHaveProcessedIsNotSentAgainAndFailsWithItsCause() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        NettyQuicServer cutting = NettyQuicServer.builder().alpn(TestServers.ALPN)
                .certificate(fixture.certificates.certificateChainPem(), fixture.certificates.privateKeyPem())
                .streamHandler(() -> new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        handled.incrementAndGet();
                        ctx.channel().parent().close(); // processed, then the connection is lost: no reply
                    }
                }).build();
        cutting.start(ServerSettings.of("127.0.0.1", 0));
        fixture.servers.register(ClientFixture.NAME, cutting, 0, Map.of());
        ReconnectingQuicClient client = fixture.connect(fixture.builder());
        try {
            assertThatThrownBy(() -> client.requestReply("once".getBytes(StandardCharsets.UTF_8), 100, WAIT)
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(java.io.IOException.class)
                    .cause().isNotInstanceOf(RequestNotProcessedException.class);
            assertThat(handled).as("sent once, never again").hasValue(1);
        } finally {
            cutting.close();
        }
    }

    /**
     * REQUEST_REJECTED means "not processed, safe to retry"; a server's application may send it
     * without draining (shedding load). The request is sent again, to the same server: a rejected
     * stream used to mark the server as gone, and the client then waited for another server under
     * the name for as long as this one held it.
     */
    @Test
    void aStreamRejectedByAServerThatDoesNotDrainIsSentAgainToThatServer() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        NettyQuicServer shedding = startedRejecting(1, streams, ConcurrentHashMap.newKeySet());
        try {
            fixture.servers.register(ClientFixture.NAME, shedding, 0, Map.of());
            ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(neverRuns));

            byte[] reply = client.requestReply("q".getBytes(StandardCharsets.UTF_8), 10, WAIT).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(reply).asString(StandardCharsets.UTF_8).isEqualTo("q");
            assertThat(streams).as("rejected once, then served").hasValue(2);
            assertThat(shedding.isDraining()).isFalse();
        } finally {
            shedding.close();
        }
    }

    @Test
    void aServerThatRejectsEveryStreamCostsItsClientAtMostAHandshakeASecond() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        Set<Object> connections = ConcurrentHashMap.newKeySet();
        NettyQuicServer shedding = startedRejecting(Integer.MAX_VALUE, streams, connections);
        try {
            fixture.servers.register(ClientFixture.NAME, shedding, 0, Map.of());
            ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(neverRuns));
            Duration timeout = Duration.ofSeconds(3);

            assertThatThrownBy(() -> client.requestReply("q".getBytes(StandardCharsets.UTF_8), 10, timeout).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("REQUEST_REJECTED");

            // a move per rejection made a handshake for each try (dozens in 3 s); now one a second at most
            assertThat(connections).as("connections its rejected streams came on").hasSizeLessThanOrEqualTo(
                    handshakesAllowed(timeout, 1));
            assertThat(streams).as("tries, each after a pause").hasValueGreaterThan(5);
        } finally {
            shedding.close();
        }
    }

    /**
     * Only a drain's refusal sends a client elsewhere. A handshake refused at the server's
     * connection limit is an ordinary failure: the client waits its backoff and tries the same
     * server again. It used to mark the server as going away, and with a registry the client then
     * never dialled it again while it held the name.
     */
    @Test
    void aHandshakeRefusedAtTheServersLimitIsTriedAgainAfterTheBackoff() throws Exception {
        NettyQuicServer limited = NettyQuicServer.builder().alpn(TestServers.ALPN).maxConnectionsPerAddress(1)
                .certificate(fixture.certificates.certificateChainPem(), fixture.certificates.privateKeyPem())
                .streamHandler(StreamHandlers.echo()).build();
        limited.start(ServerSettings.of("127.0.0.1", 0));
        try {
            fixture.servers.register(ClientFixture.NAME, limited, 0, Map.of());
            ReconnectingQuicClient first = fixture.connect(fixture.builder().id(ConnectionId.of("first")));
            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            ReconnectingQuicClient second = fixture.builder().id(ConnectionId.of("second")).build();
            fixture.track(second);
            second.addStateListener(states::add);
            second.start();

            await().atMost(WAIT).until(() -> states.stream().anyMatch(ConnectionState.Reconnecting.class::isInstance));
            ConnectionState.Reconnecting refused = (ConnectionState.Reconnecting) states.stream()
                    .filter(ConnectionState.Reconnecting.class::isInstance).findFirst().orElseThrow();
            assertThat(refused.cause()).isNotInstanceOf(PeerGoingAwayException.class)
                    .hasMessageContaining("reason 'max-connections-per-address reached'");
            assertThat(refused.delay()).as("the backoff, not an immediate dial").isPositive();

            first.close();
            second.awaitConnected(WAIT); // the same server, once it has room
        } finally {
            limited.close();
        }
    }

    @Test
    void serversThatAllRejectEveryStreamCostTheirClientAtMostTwoHandshakesASecond() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        Set<Object> connections = ConcurrentHashMap.newKeySet();
        NettyQuicServer first = startedRejecting(Integer.MAX_VALUE, streams, connections);
        NettyQuicServer second = startedRejecting(Integer.MAX_VALUE, streams, connections);
        try {
            DirectoryView view = DirectoryView.of(List.of(endpointAt(first.boundPort()), endpointAt(second.boundPort())));
            ReconnectingQuicClient client = connectedThrough(view);
            Duration timeout = Duration.ofSeconds(3);

            assertThatThrownBy(() -> client.requestReply(new byte[] {1}, 10, timeout).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);

            // taking the two servers in turn, a move per rejection made a handshake for each try
            assertThat(connections).as("connections the rejected streams came on").hasSizeLessThanOrEqualTo(
                    handshakesAllowed(timeout, 2));
        } finally {
            first.close();
            second.close();
        }
    }

    /**
     * Pacing holds back a client that comes back to a server that rejects again, not one that meets
     * the next server of a roll: rejected by A, moved to B, rejected by B (which drains too), it
     * moves on to C at once. With one pace for all servers it stayed on B, rejected every 100 ms,
     * until a second had passed.
     */
    @Test
    void aRejectionByTheNextServerMovesTheClientAtOnceThoughItJustMoved() throws Exception {
        Set<Object> connections = ConcurrentHashMap.newKeySet();
        NettyQuicServer next = fixture.startServer(); // C: echoes; registered when B first rejects
        fixture.servers.unregister(ClientFixture.NAME);
        AtomicInteger rejectedByB = new AtomicInteger();
        NettyQuicServer serverB = startedRejecting(rejecting(Integer.MAX_VALUE, rejectedByB, connections,
                () -> fixture.servers.register(ClientFixture.NAME, next, next.boundPort(), Map.of())));
        NettyQuicServer serverA = startedRejecting(Integer.MAX_VALUE, new AtomicInteger(), connections);
        try {
            fixture.servers.register(ClientFixture.NAME, serverA, 0, Map.of());
            ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(neverRuns));
            fixture.servers.register(ClientFixture.NAME, serverB, 0, Map.of()); // A keeps serving its connection

            byte[] reply = client.requestReply("q".getBytes(StandardCharsets.UTF_8), 10, WAIT).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(reply).asString(StandardCharsets.UTF_8).isEqualTo("q");
            assertThat(rejectedByB).as("B rejected the request once: the client did not try it there again").hasValue(1);
        } finally {
            serverA.close();
            serverB.close();
        }
    }

    /**
     * More requests at once than the server's stream limit (100 here): those past it wait for
     * stream credit and complete. A stream opened past the limit used to be refused by quiche after
     * Netty had used up its id, so after a few hundred such tries no stream of the connection could
     * be opened again, and every request waited for another connection until its timeout.
     */
    @Test
    void moreRequestsAtOnceThanTheServersStreamLimitAllComplete() throws Exception {
        fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder());

        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<byte[]>> requests = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                requests.add(client.requestReply(("r" + i).getBytes(StandardCharsets.UTF_8), 10, WAIT).toCompletableFuture());
            }
            for (int i = 0; i < requests.size(); i++) {
                assertThat(requests.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8)
                        .as("round %d, request %d", round, i).isEqualTo("r" + i);
            }
        }
        // one connection did it all: waiting for credit is not a reason to move
        assertThat(fixture.events(ConnectionReplaced.class)).isEmpty();
    }

    @Test
    void aStreamThatTheLimitRefusesFailsAsNotProcessedAndLeavesTheConnectionUsable() throws Exception {
        fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder());
        QuicChannel connection = client.connection().orElseThrow();
        int refusedInAll = 0;

        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<byte[]>> requests = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                requests.add(ClientStreams.requestReply(connection, new byte[] {1}, 10).toCompletableFuture());
            }
            for (CompletableFuture<byte[]> request : requests) {
                try {
                    request.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException refused) {
                    assertThat(refused.getCause()).isInstanceOf(RequestNotProcessedException.class)
                            .hasMessageContaining("the server allows no more streams now");
                    refusedInAll++;
                }
            }
        }
        assertThat(refusedInAll).as("streams past the limit of 100, refused").isGreaterThanOrEqualTo(50);
        await().atMost(WAIT).alias("a stream opens on the connection again").until(() -> {
            try {
                return ClientStreams.requestReply(connection, new byte[] {2}, 10).toCompletableFuture()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS).length == 1;
            } catch (ExecutionException refusedNow) {
                return false;
            }
        });
    }

    /**
     * A request that timed out is not sent again. Its caller learns of the timeout on the client's
     * callback thread, which may be busy (here: held by the test); its pending tries used to go on
     * meanwhile, so the server could process a request whose caller was told it failed.
     */
    @Test
    void aRequestThatTimedOutIsNotSentAgainWhileItsCallerIsToldOnABusyCallbackThread() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        NettyQuicServer shedding = startedRejecting(Integer.MAX_VALUE, streams, ConcurrentHashMap.newKeySet());
        CountDownLatch release = new CountDownLatch(1);
        try (QuicClientThreads threads = QuicClientThreads.create("busy-callbacks", 1)) {
            fixture.servers.register(ClientFixture.NAME, shedding, 0, Map.of());
            ReconnectingQuicClient client = fixture.connect(fixture.builder().threads(threads));
            Duration timeout = Duration.ofMillis(300);
            // the first request moves the client once (it came back to the same server): the next one retries in place
            assertThatThrownBy(() -> client.requestReply(new byte[] {1}, 10, timeout).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
            threads.callbacks().execute(() -> awaitQuietly(release)); // the callback thread is busy from now on

            CompletableFuture<byte[]> second = client.requestReply(new byte[] {2}, 10, timeout).toCompletableFuture();
            await().atMost(WAIT).until(() -> client.pendingRequests() == 0); // it ended: its caller is told next
            int triesWhenItEnded = streams.get();

            // a try already on its way when it ended may still arrive; none starts after
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> streams.get() <= triesWhenItEnded + 1);
            release.countDown();
            assertThatThrownBy(() -> second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
            client.close();
        } finally {
            release.countDown();
            shedding.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTimeoutOfForeverIsAcceptedAndKeepsNothingOnceTheReplyCame() throws Exception {
        fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder());

        for (Duration forever : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(365L * 293))) {
            // it used to overflow (ArithmeticException) after the request was counted as pending, for good
            byte[] reply = client.requestReply("q".getBytes(StandardCharsets.UTF_8), 10, forever).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reply).asString(StandardCharsets.UTF_8).isEqualTo("q");
        }
        await().atMost(WAIT).until(() -> client.pendingRequests() == 0);
    }

    @Test
    void aRequestWithNoConnectionToGoOnTimesOutNamingTheTimeoutAndBadArgumentsAreRefused() throws Exception {
        fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder());
        fixture.servers.lookup(ClientFixture.NAME).orElseThrow().server().close();
        await().atMost(WAIT).until(() -> client.connection().isEmpty());

        assertThatThrownBy(() -> client.requestReply(new byte[1], 10, Duration.ofMillis(300)).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class)
                .cause().hasMessageContaining("PT0.3S");
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestReply(new byte[1], -1, WAIT))
                .withMessageContaining("maxReplyBytes=-1");
        assertThatIllegalArgumentException().isThrownBy(() -> client.requestReply(new byte[1], 1, Duration.ZERO))
                .withMessageContaining("timeout=PT0S");
    }

    /**
     * The client's handshake completes before the server's (the server waits for the client's
     * Finished). A drain in between refuses the connection (CONNECTION_REFUSED) that the client
     * already sends requests on: none of them reached the server's application, so each is sent
     * again on the next connection. It used to fail as a request the server may have processed.
     */
    @Test
    void aRequestOnAConnectionTheDrainRefusedBeforeItsHandshakeEndedIsSentAgain() throws Exception {
        AtomicInteger processedByDraining = new AtomicInteger();
        AtomicInteger processedByNext = new AtomicInteger();
        NettyQuicServer draining = counting(processedByDraining, () -> { }, 0);
        NettyQuicServer next = counting(processedByNext, () -> { }, 0);
        try (UdpRelay cut = UdpRelay.cuttingClientAfterFirstAnswer(draining.boundPort())) {
            fixture.servers.register(ClientFixture.NAME, draining, cut.port(), Map.of());
            ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(neverRuns));
            await().atMost(WAIT).until(() -> draining.handshakesInProgress() == 1); // the server's side never ends
            CompletableFuture<byte[]> request = client.requestReply("pay 100 EUR".getBytes(StandardCharsets.UTF_8), 100, WAIT)
                    .toCompletableFuture();

            fixture.servers.register(ClientFixture.NAME, next, next.boundPort(), Map.of());
            draining.drain(Duration.ofSeconds(5));

            assertThat(request.get(WAIT.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("pay 100 EUR");
            assertThat(processedByNext).hasValue(1);
        } finally {
            draining.close();
            next.close();
        }
    }

    @Test
    void aRequestWhoseReplyWasLostIsNotSentAgainThoughItsServerWentAway() throws Exception {
        AtomicInteger processedByDraining = new AtomicInteger();
        AtomicInteger processedByNext = new AtomicInteger();
        AtomicReference<UdpRelay> relay = new AtomicReference<>();
        NettyQuicServer draining = counting(processedByDraining, () -> relay.get().loseNextAnswers(1), 300);
        NettyQuicServer next = counting(processedByNext, () -> { }, 0);
        try (UdpRelay lossy = UdpRelay.start(draining.boundPort(), Duration.ZERO)) {
            relay.set(lossy);
            DirectoryView view = DirectoryView.lagging(List.of(endpointAt(lossy.port())),
                    List.of(endpointAt(lossy.port()), endpointAt(next.boundPort())));
            ReconnectingQuicClient client = connectedThrough(view);
            CompletableFuture<byte[]> payment = client.requestReply("pay 100 EUR".getBytes(StandardCharsets.UTF_8), 100, WAIT)
                    .toCompletableFuture();
            await().atMost(WAIT).until(() -> processedByDraining.get() == 1);

            draining.drain(Duration.ofSeconds(5)); // its reply is lost on the way; then the connection goes away

            assertThatThrownBy(() -> payment.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                    .isInstanceOf(java.io.IOException.class).isNotInstanceOf(RequestNotProcessedException.class)
                    .hasMessageContaining("closed before the server's reply ended")
                    .hasMessageContaining("went away (GOING_AWAY) after this stream reached its application")
                    .hasMessageContaining("may have been processed").hasMessageEndingWith("its reply was lost on the way");
            assertThat(processedByNext).as("processed once: not sent again").hasValue(0);
        } finally {
            draining.close();
            next.close();
        }
    }

    @Test
    void theTimeoutBoundsARequestWhoseStreamIsOpenAndClosesThatStream() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        NettyQuicServer silent = counting(processed, () -> { }, 60_000);
        fixture.servers.register(ClientFixture.NAME, silent, 0, Map.of());
        ReconnectingQuicClient client = fixture.connect(fixture.builder());
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.requestReply("q".getBytes(StandardCharsets.UTF_8), 100, Duration.ofMillis(300))
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("timeout=PT0.3S").hasMessageContaining("1 tries");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(processed).hasValue(1);
            assertThat(client.pendingRequests()).isZero();
        } finally {
            silent.close();
        }
    }

    @Test
    void aClientClosedMidRequestFailsItWithConnectionClosedOnTheClosingThreadAndRequestsAfterAtOnce() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        NettyQuicServer silent = counting(processed, () -> { }, 60_000);
        fixture.servers.register(ClientFixture.NAME, silent, 0, Map.of());
        ReconnectingQuicClient client = fixture.connect(fixture.builder());
        try {
            AtomicReference<String> completedOn = new AtomicReference<>();
            CompletableFuture<byte[]> request = client.requestReply("q".getBytes(StandardCharsets.UTF_8), 100, WAIT)
                    .toCompletableFuture();
            CompletableFuture<byte[]> observed = request.whenComplete((reply, failure) -> completedOn.set(Thread.currentThread().getName()));
            await().atMost(WAIT).until(() -> processed.get() == 1);

            client.close();

            assertThatThrownBy(() -> observed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                    .isInstanceOf(dev.quicregistry.reconnect.ConnectionClosedException.class);
            assertThat(completedOn.get()).isEqualTo(Thread.currentThread().getName());
            assertThatThrownBy(() -> client.requestReply(new byte[1], 10, WAIT).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                    .isInstanceOf(dev.quicregistry.reconnect.ConnectionClosedException.class);
            assertThat(client.pendingRequests()).isZero();
        } finally {
            silent.close();
        }
    }

    @Test
    void requestsThatTimeOutWithNoConnectionKeepNothing() throws Exception {
        NettyQuicServer server = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(neverRuns));
        server.close();
        await().atMost(WAIT).until(() -> client.connection().isEmpty());
        List<CompletableFuture<byte[]>> requests = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            requests.add(client.requestReply(new byte[1], 10, Duration.ofMillis(50)).toCompletableFuture());
        }

        await().atMost(WAIT).until(() -> requests.stream().allMatch(CompletableFuture::isDone));

        assertThat(requests).allSatisfy(request -> assertThat(request).isCompletedExceptionally());
        assertThat(client.pendingRequests()).as("nothing kept of timed-out requests").isZero();
    }

    @Test
    void aRejectedRequestMovesTheClientAtOnceWhileItsLongStreamFinishesOnTheDrainingServer() throws Exception {
        NettyQuicServer first = fixture.startServer(); // echo: a stream stays open until its FIN
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(neverRuns));
        QuicChannel drainingConnection = client.connection().orElseThrow();
        CompletableFuture<String> subscription = CompletableFuture.supplyAsync(() -> {
            try {
                return ClientFixture.exchange(drainingConnection, "subscribe"); // answered at once: opens stream 0 only briefly
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(subscription.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("subscribe");
        QuicStreamChannel longStream = drainingConnection
                .createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        longStream.writeAndFlush(Unpooled.copiedBuffer("open", StandardCharsets.UTF_8)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> first.connections().size() == 1);
        fixture.startServer(); // the successor takes the name
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> first.drain(Duration.ofSeconds(30)));
        await().atMost(WAIT).until(first::isDraining);
        long started = System.nanoTime();

        byte[] reply = client.requestReply("moved".getBytes(StandardCharsets.UTF_8), 100, WAIT).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("moved");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the drain's 30 s").isLessThan(Duration.ofSeconds(5));
        assertThat(client.connection()).get().isNotSameAs(drainingConnection);
        assertThat(drainingConnection.isActive()).as("kept for its long stream").isTrue();
        assertThat(fixture.events(ConnectionReplaced.class)).hasSize(1);
        assertThat(neverRuns.pending()).isZero();
        longStream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true));
        drain.get(WAIT.toSeconds(), TimeUnit.SECONDS); // its last stream ended: the drain completes
    }

    @Test
    void aServerDrainedDirectlyIsNotDialedAgainWhileItHoldsItsName() throws Exception {
        NettyQuicServer server = fixture.startServer();
        fixture.connect(fixture.builder().scheduler(neverRuns));

        server.drain(Duration.ofSeconds(5)); // not through the registry: the entry does not say it drains

        ConnectionState.Reconnecting waiting = (ConnectionState.Reconnecting) fixture.awaitState(state ->
                state instanceof ConnectionState.Reconnecting reconnecting && !reconnecting.delay().isZero());
        // "is draining", or no server at all once the drain has ended: either way not dialed
        assertThat(waiting.cause()).isInstanceOf(QuicServerNotFoundException.class);
        assertThat(fixture.states).filteredOn(ConnectionState.Reconnecting.class::isInstance).hasSize(2)
                .first().satisfies(first -> assertThat(((ConnectionState.Reconnecting) first).delay()).isZero());
        assertThat(neverRuns.pending()).as("then the backoff, not a loop of refused handshakes").isEqualTo(1);
    }

    /**
     * Resets the first {@code rejected} streams with REQUEST_REJECTED before reading them, as an
     * application shedding load would, and echoes the rest; adds each stream's connection to {@code connections}.
     */
    private static Supplier<ChannelHandler> rejecting(int rejected, AtomicInteger streams,
            Set<Object> connections) {
        return rejecting(rejected, streams, connections, () -> { });
    }

    /** {@link #rejecting(int, AtomicInteger, Set)}, running {@code beforeEachRejection} (on the event loop) first. */
    private static Supplier<ChannelHandler> rejecting(int rejected, AtomicInteger streams,
            Set<Object> connections, Runnable beforeEachRejection) {
        return () -> streams.incrementAndGet() > rejected ? StreamHandlers.echo() : new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                beforeEachRejection.run();
                connections.add(ctx.channel().parent());
                ((QuicStreamChannel) ctx.channel()).shutdown(QuicErrorCodes.REQUEST_REJECTED)
                        .addListener(shut -> ctx.close());
            }
        };
    }

    private NettyQuicServer startedRejecting(int rejected, AtomicInteger streams, Set<Object> connections)
            throws Exception {
        return startedRejecting(rejecting(rejected, streams, connections));
    }

    private NettyQuicServer startedRejecting(Supplier<ChannelHandler> handlers) throws Exception {
        NettyQuicServer server = NettyQuicServer.builder().alpn(TestServers.ALPN)
                .certificate(fixture.certificates.certificateChainPem(), fixture.certificates.privateKeyPem())
                .streamHandler(handlers).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        return server;
    }

    /**
     * The most connections a client may make in {@code timeout} among {@code servers} that reject
     * every stream: its first, one move per server and pacing interval, and one in flight.
     */
    private static int handshakesAllowed(Duration timeout, int servers) {
        return 1 + servers * (int) (timeout.toMillis() / RejectionPacing.MOVE_INTERVAL.toMillis()) + 1;
    }

    /** A server that counts each request, then (after {@code holding} ran) replies after {@code replyAfterMillis}. */
    private NettyQuicServer counting(AtomicInteger processed, Runnable beforeReply, long replyAfterMillis) throws Exception {
        NettyQuicServer server = NettyQuicServer.builder().alpn(TestServers.ALPN)
                .certificate(fixture.certificates.certificateChainPem(), fixture.certificates.privateKeyPem())
                .streamHandler(() -> new ChannelInboundHandlerAdapter() {
                    private final StringBuilder request = new StringBuilder();

                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf data = (ByteBuf) msg;
                        request.append(data.toString(StandardCharsets.UTF_8));
                        data.release();
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event instanceof ChannelInputShutdownEvent) {
                            processed.incrementAndGet();
                            ctx.executor().schedule(() -> {
                                beforeReply.run();
                                ctx.writeAndFlush(new DefaultQuicStreamFrame(
                                        Unpooled.copiedBuffer(request, StandardCharsets.UTF_8), true));
                            }, replyAfterMillis, TimeUnit.MILLISECONDS);
                        }
                    }
                }).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        return server;
    }

    /** A client that finds the server through {@code view}, connected. */
    private ReconnectingQuicClient connectedThrough(DirectoryView view) throws Exception {
        ReconnectingQuicClient client = ReconnectingQuicClient.builder(view, ClientFixture.NAME, fixture.connections)
                .alpn(TestServers.ALPN).trustCertificates(fixture.certificates.trustedPem()).tlsHostName("localhost")
                .backoff(ClientFixture.fastBackoff(5)).build();
        fixture.track(client);
        client.start();
        client.awaitConnected(WAIT);
        return client;
    }

    private static ServerEndpoint endpointAt(int port) {
        return new ServerEndpoint(ClientFixture.NAME, "instance-" + port, "127.0.0.1", port, Map.of(), Instant.now());
    }


    private final CompletableFuture<Void> refusingRelease = new CompletableFuture<>();

    /** A server that drains for as long as the test likes: a stream opened before the drain is held until {@link #refusingRelease}. */
    private NettyQuicServer heldDraining() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        NettyQuicServer server = NettyQuicServer.builder().alpn(TestServers.ALPN)
                .certificate(fixture.certificates.certificateChainPem(), fixture.certificates.privateKeyPem())
                .streamHandler(() -> new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        streams.incrementAndGet();
                        refusingRelease.thenRun(() -> ctx.executor().execute(ctx::close));
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                }).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        var holder = dev.quicregistry.testing.QuicTestClient.connect(server.boundPort(), TestServers.ALPN,
                fixture.certificates.trusted());
        holder.send("held");
        await().atMost(WAIT).until(() -> streams.get() == 1);
        CompletableFuture.runAsync(() -> server.drain(Duration.ofSeconds(30))).whenComplete((v, e) -> holder.close());
        await().atMost(WAIT).until(server::isDraining);
        return server;
    }

    private static ServerEndpoint endpoint(NettyQuicServer server) {
        return new ServerEndpoint(ClientFixture.NAME, "instance-" + server.boundPort(), "127.0.0.1", server.boundPort(), Map.of(),
                Instant.now());
    }


    /** One client's loop of requestReply, one in flight, until stopped; every failure kept. */
    static final class RequestLoop {
        private final ReconnectingQuicClient client;
        private final AtomicInteger replies = new AtomicInteger();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        private RequestLoop(ReconnectingQuicClient client) {
            this.client = client;
        }

        static RequestLoop start(ReconnectingQuicClient client) {
            RequestLoop loop = new RequestLoop(client);
            loop.next();
            return loop;
        }

        private void next() {
            if (stopped) {
                ended.complete(null);
                return;
            }
            byte[] request = ("request " + replies.get()).getBytes(StandardCharsets.UTF_8);
            client.requestReply(request, 1024, WAIT).whenComplete((reply, failure) -> {
                if (failure != null) {
                    failures.add(failure);
                } else if (!Arrays.equals(reply, request)) {
                    failures.add(new AssertionError("reply " + new String(reply, StandardCharsets.UTF_8) + " to "
                            + new String(request, StandardCharsets.UTF_8)));
                } else {
                    replies.incrementAndGet();
                }
                next();
            });
        }

        void awaitReplies(int count) {
            await().atMost(WAIT).until(() -> replies.get() >= count || !failures.isEmpty());
        }

        int replies() {
            return replies.get();
        }

        List<Throwable> failures() {
            return failures;
        }

        void stop() throws Exception {
            stopped = true;
            ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
