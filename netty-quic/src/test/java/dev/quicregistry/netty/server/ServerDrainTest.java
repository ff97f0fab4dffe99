package dev.quicregistry.netty.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.QuicErrorCodes;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DRAIN.md's order, observed step by step on a real server over loopback: new connections refused
 * with CONNECTION_REFUSED (Kwik, a stack we did not write, reads it), new streams reset with
 * REQUEST_REJECTED before the handler sees them, streams opened before run to their end, idle
 * connections closed with GOING_AWAY, the deadline cutting what is left with one WARNING.
 */
class ServerDrainTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private final AtomicInteger streamsHandled = new AtomicInteger();
    /** Completing it lets every held stream reply. */
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private NettyQuicServer server;

    @BeforeEach
    void start() throws Exception {
        certificates = TestCertificates.writeTo(dir);
        server = NettyQuicServer.builder().streamHandler(HeldReply::new).alpn(TestServers.ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem()).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        release.complete(null);
        server.close();
    }

    @Test
    void theDrainRefusesNewWorkLetsAcceptedWorkEndThenClosesEachConnectionWithGoingAway() throws Exception {
        try (QuicTestClient busy = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted());
             QuicTestClient idle = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            CompletableFuture<String> longRequest = CompletableFuture.supplyAsync(() -> exchange(busy, "long"));
            await().atMost(BOUND).until(() -> streamsHandled.get() == 1);

            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> server.drain(Duration.ofSeconds(30)));

            // an idle connection goes at once, with GOING_AWAY and the reason that says no stream was open
            QuicConnectionCloseEvent idleClosed = idle.closedByPeer().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(idleClosed.isApplicationClose()).isTrue();
            assertThat(idleClosed.error()).isEqualTo(QuicErrorCodes.GOING_AWAY);
            assertThat(new String(idleClosed.reason(), UTF_8)).isEqualTo("drained; no stream");

            // a stream opened now on the busy connection is rejected before the handler sees a byte
            assertThatThrownBy(() -> busy.exchange("new work")).hasRootCauseInstanceOf(QuicStreamResetException.class)
                    .rootCause().extracting(e -> ((QuicStreamResetException) e).applicationProtocolCode())
                    .isEqualTo((long) QuicErrorCodes.REQUEST_REJECTED);
            assertThat(server.rejectedStreams()).isEqualTo(1);

            // a new connection is refused before its handshake, with CONNECTION_REFUSED (Kwik reads it)
            assertThat(KwikClients.refusal(server.boundPort(), certificates)).hasMessageContaining("transport error 2");
            assertThat(server.refusedBeforeHandshake()).isPositive();
            assertThat(drained).as("the drain waits for the stream accepted before it").isNotDone();
            assertThat(server.boundPort()).isPositive();

            release.complete(null);

            assertThat(longRequest.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("reply to long");
            QuicConnectionCloseEvent busyClosed = busy.closedByPeer().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(busyClosed.error()).isEqualTo(QuicErrorCodes.GOING_AWAY);
            // its long stream (0) reached the application, the rejected one (4) did not: the close names the last
            assertThat(new String(busyClosed.reason(), UTF_8)).isEqualTo("drained; last stream 0");
            assertThat(QuicErrorCodes.lastStreamOf(new String(busyClosed.reason(), UTF_8))).hasValue(0);
            drained.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(server.termination().toCompletableFuture()).isCompleted();
            assertThat(server.boundPort()).isZero();
            assertThat(streamsHandled).as("the rejected stream never reached the handler").hasValue(1);
        }
    }

    @Test
    void atTheDeadlineWhatIsLeftIsCutWithGoingAwayAndOneWarningCountsTheStreams() throws Exception {
        try (LogCapture log = LogCapture.of(NettyQuicServer.class);
             QuicTestClient busy = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            CompletableFuture<String> longRequest = CompletableFuture.supplyAsync(() -> exchange(busy, "never answered"));
            await().atMost(BOUND).until(() -> streamsHandled.get() == 1);
            long started = System.nanoTime();

            server.drain(Duration.ofMillis(500));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(500), BOUND);
            QuicConnectionCloseEvent cut = busy.closedByPeer().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(cut.error()).isEqualTo(QuicErrorCodes.GOING_AWAY);
            assertThat(new String(cut.reason(), UTF_8)).isEqualTo("drain deadline; last stream 0");
            assertThat(longRequest.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the stream was cut: no reply").isEmpty();
            assertThat(log.warnings()).filteredOn(w -> w.contains("deadline")).singleElement().asString()
                    .contains("1 stream(s) open on 1 connection(s)").contains("PT0.5S");
            assertThat(server.termination().toCompletableFuture()).isCompleted();
        }
    }

    @Test
    void aCloseDuringTheDrainEndsItAtOnceAndALaterDrainOnlyWaits() throws Exception {
        try (QuicTestClient busy = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            CompletableFuture.runAsync(() -> exchange(busy, "held"));
            await().atMost(BOUND).until(() -> streamsHandled.get() == 1);
            CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.drain(Duration.ofMinutes(5)));
            await().atMost(BOUND).until(() -> server.isDraining());

            server.close();

            draining.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            QuicConnectionCloseEvent closed = busy.closedByPeer().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed.error()).as("close() closes with NO_ERROR").isZero();
            server.drain(Duration.ofSeconds(1)); // idempotent: terminated already, returns at once
        }
    }

    @Test
    void aZeroGraceDuringADrainClosesAtOnceAsCloseDoes() throws Exception {
        // DRAIN.md: a zero grace means "close at once", and a close() during a drain ends it at once
        try (QuicTestClient busy = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            CompletableFuture.runAsync(() -> exchange(busy, "held"));
            await().atMost(BOUND).until(() -> streamsHandled.get() == 1);
            CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.drain(Duration.ofMinutes(5)));
            await().atMost(BOUND).until(() -> server.isDraining());

            server.drain(Duration.ZERO);

            assertThat(server.termination().toCompletableFuture()).isCompleted();
            assertThat(release).as("the held stream was cut, not waited for").isNotDone();
            draining.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(busy.closedByPeer().get(BOUND.toSeconds(), TimeUnit.SECONDS).error()).isZero();
        }
    }

    @Test
    void aNegativeOrNullGraceIsRefusedNamingItAndTheServerGoesOnServing() throws Exception {
        assertThatIllegalArgumentException().isThrownBy(() -> server.drain(Duration.ofMillis(-1)))
                .withMessage("grace=PT-0.001S is not valid: expected zero or a positive duration");
        assertThatNullPointerException().isThrownBy(() -> server.drain(null)).withMessage("grace must not be null");
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            release.complete(null);
            assertThat(client.exchange("still")).isEqualTo("reply to still");
        }
    }

    @Test
    void aSecondDrainWithAShorterGraceWaitsForTheFirstAndAGraceOfForeverIsAccepted() throws Exception {
        try (QuicTestClient busy = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            CompletableFuture.runAsync(() -> exchange(busy, "held"));
            await().atMost(BOUND).until(() -> streamsHandled.get() == 1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> server.drain(Duration.ofSeconds(Long.MAX_VALUE)));
            await().atMost(BOUND).until(server::isDraining);
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> release.complete(null));

            server.drain(Duration.ofMillis(1));

            assertThat(server.termination().toCompletableFuture()).as("the second drain returned once the first ended")
                    .isCompleted();
            assertThat(release).isDone();
            first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aRegistryDrainCalledFromAStreamHandlerReturnsAtOnceAndTheDrainEndsOnAThreadOfItsOwn() throws Exception {
        var registry = new dev.quicregistry.impl.LocalQuicServerRegistry();
        CompletableFuture<String> seenByTheHandler = new CompletableFuture<>();
        NettyQuicServer drainedByItsHandler = NettyQuicServer.builder().alpn(TestServers.ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem())
                .streamHandler(dev.quicregistry.netty.StreamHandlers.requestReply(64, request -> {
                    registry.drain("self", Duration.ofSeconds(30)); // on the server's event loop: it cannot wait here
                    seenByTheHandler.complete("present=" + registry.lookup("self").isPresent() + " draining="
                            + registry.isDraining("self") + " on " + Thread.currentThread().getName());
                    return request;
                })).build();
        drainedByItsHandler.start(ServerSettings.of("127.0.0.1", 0));
        CompletableFuture<dev.quicregistry.api.ServerUnregistered.Reason> left = new CompletableFuture<>();
        registry.addListener(event -> {
            if (event instanceof dev.quicregistry.api.ServerUnregistered unregistered) {
                left.complete(unregistered.reason());
            }
        });
        registry.register("self", drainedByItsHandler, 0, java.util.Map.of());
        try (QuicTestClient client = QuicTestClient.connect(drainedByItsHandler.boundPort(), TestServers.ALPN, certificates.trusted())) {
            assertThat(client.exchange("last")).as("the stream under way runs to its end").isEqualTo("last");

            // the handler ran on the server's event loop, where the drain returned with the entry still there
            assertThat(seenByTheHandler.get(BOUND.toSeconds(), TimeUnit.SECONDS)).startsWith("present=true draining=true on quic-server-");
            assertThat(left.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(dev.quicregistry.api.ServerUnregistered.Reason.DRAINED);
            assertThat(registry.lookup("self")).isEmpty();
        } finally {
            drainedByItsHandler.close();
        }
    }

    @Test
    void goingAwayReasonsNameTheLastStreamAndAnythingElseNamesNone() {
        assertThat(QuicErrorCodes.goingAwayReason(QuicErrorCodes.DRAINED_REASON, 8)).isEqualTo("drained; last stream 8");
        assertThat(QuicErrorCodes.goingAwayReason(QuicErrorCodes.DEADLINE_REASON, -1)).isEqualTo("drain deadline; no stream");
        assertThat(QuicErrorCodes.lastStreamOf("drained; last stream 8")).hasValue(8);
        assertThat(QuicErrorCodes.lastStreamOf("drained; no stream")).hasValue(-1);
        assertThat(QuicErrorCodes.lastStreamOf("drained")).isEmpty();
        assertThat(QuicErrorCodes.lastStreamOf("drained; last stream x")).isEmpty();
        assertThat(QuicErrorCodes.lastStreamOf("drained; last stream -4")).isEmpty();
        assertThat(QuicErrorCodes.lastStreamOf("")).isEmpty();
    }

    @Test
    void zeroGraceClosesAtOnce() {
        server.drain(Duration.ZERO);

        assertThat(server.termination().toCompletableFuture()).isCompleted();
        assertThat(server.boundPort()).isZero();
    }

    private static String exchange(QuicTestClient client, String request) {
        try {
            return client.exchange(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts each stream it is given, and replies "reply to ..." once the request ended and {@link #release} completed. */
    private final class HeldReply extends ChannelInboundHandlerAdapter {
        private final StringBuilder request = new StringBuilder();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            streamsHandled.incrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            request.append(data.toString(UTF_8));
            data.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                release.thenRun(() -> ctx.executor().execute(() -> ctx.writeAndFlush(new DefaultQuicStreamFrame(
                        Unpooled.copiedBuffer("reply to " + request, UTF_8), true))));
            }
        }
    }
}
