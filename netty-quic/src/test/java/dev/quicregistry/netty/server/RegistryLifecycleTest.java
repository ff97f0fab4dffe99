package dev.quicregistry.netty.server;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import io.netty.channel.Channel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real NettyQuicServer in a LocalQuicServerRegistry: its port, its close and its death. */
class RegistryLifecycleTest {

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    private NettyQuicServer server;

    @BeforeEach
    void startAndRegister() throws Exception {
        certificates = TestCertificates.writeTo(dir);
        registry.addListener(events::add);
        server = TestServers.startedEcho(certificates);
        registry.register("echo", server, 0, Map.of("alpn", TestServers.ALPN));
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void portZeroIsResolvedToTheBoundPortAndAClientReachesIt() throws Exception {
        int port = registry.port("echo").orElseThrow();

        assertThat(port).isBetween(1, 65535).isEqualTo(server.boundPort());
        assertThat(registry.localAddress("echo")).contains(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        try (QuicTestClient client = QuicTestClient.connect(port, TestServers.ALPN, certificates.trusted())) {
            assertThat(client.exchange("found by name")).isEqualTo("found by name");
        }
    }

    @Test
    void closeReleasesThePortAndRemovesTheRegistryEntryBeforeItReturns() throws Exception {
        int port = registry.port("echo").orElseThrow();

        server.close();

        assertThat(registry.lookup("echo")).isEmpty();
        assertThat(events).last().isInstanceOfSatisfying(ServerUnregistered.class,
                removed -> assertThat(removed.reason()).isEqualTo(Reason.TERMINATED));
        assertThat(server.boundPort()).isZero();
        assertThat(server.localAddress()).isEmpty();
        assertThat(server.termination().toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
        try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void closeReturnsOnlyAfterTheListenersOfTheRemovalRan() throws Exception {
        CountDownLatch closeReturned = new CountDownLatch(1);
        CompletableFuture<Boolean> deliveredBeforeCloseReturned = new CompletableFuture<>();
        registry.addListener(event -> {
            if (event instanceof ServerUnregistered) {
                // A slow listener: were close() to return without waiting for it, the latch would open at once.
                deliveredBeforeCloseReturned.complete(!awaitQuietly(closeReturned, Duration.ofSeconds(1)));
            }
        });

        server.close();
        closeReturned.countDown();

        assertThat(deliveredBeforeCloseReturned).succeedsWithin(5, SECONDS).isEqualTo(true);
    }

    @Test
    void closeIsIdempotent() {
        server.close();
        server.close();

        assertThat(events.stream().filter(ServerUnregistered.class::isInstance)).hasSize(1);
    }

    @Test
    void closeStopsTheEventLoopThread() {
        assertThat(quicServerThreads()).isNotEmpty();

        server.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> quicServerThreads().isEmpty());
    }

    @Test
    void aServerWhoseChannelFailsIsRemovedAsTerminatedWithTheCause() throws Exception {
        IOException socketFailure = new IOException("the socket broke");
        CompletableFuture<Void> termination = server.termination().toCompletableFuture();
        Channel channel = server.udpChannel().orElseThrow();

        // The same path a failed socket read takes: the exception travels the UDP channel's pipeline.
        channel.eventLoop().execute(() -> channel.pipeline().fireExceptionCaught(socketFailure));

        await().atMost(Duration.ofSeconds(5)).until(termination::isDone);
        assertThat(termination).failsWithin(Duration.ZERO).withThrowableThat().havingRootCause().isSameAs(socketFailure);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.lookup("echo").isEmpty());
        assertThat(events).last().isInstanceOfSatisfying(ServerUnregistered.class,
                removed -> assertThat(removed.reason()).isEqualTo(Reason.TERMINATED));
        assertThat(server.boundPort()).isZero();
    }

    @Test
    void aServerWhoseChannelIsClosedUnderItIsRemovedAsTerminated() throws Exception {
        CompletableFuture<Void> termination = server.termination().toCompletableFuture();

        server.udpChannel().orElseThrow().close();

        assertThat(termination).succeedsWithin(5, SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.lookup("echo").isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> quicServerThreads().isEmpty());
    }

    @Test
    void aListenerThatClosesTheServerOnItsRemovalDoesNotBlockClose() throws Exception {
        server.close();
        // A close-timeout far longer than the bound below: a nested close that waited would show.
        server = TestServers.echo(certificates).closeTimeout(Duration.ofSeconds(30)).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        registry.register("echo", server, 0, Map.of());
        registry.addListener(event -> {
            if (event instanceof ServerUnregistered removed) {
                removed.server().server().close(); // from inside the termination's dependents
            }
        });

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> server.close());

        assertThat(registry.lookup("echo")).isEmpty();
    }

    @Test
    void aStreamHandlerCanCloseItsOwnServer() throws Exception {
        server.close();
        AtomicReference<NettyQuicServer> self = new AtomicReference<>();
        CompletableFuture<Optional<ServerInfo>> lookupWhenCloseReturned = new CompletableFuture<>();
        server = TestServers.echo(certificates)
                .streamHandler(StreamHandlers.requestReply(64, request -> {
                    self.get().close(); // on the server's own event loop: must not wait for itself
                    lookupWhenCloseReturned.complete(registry.lookup("self-closing"));
                    return "closing".getBytes(StandardCharsets.UTF_8);
                }))
                .build();
        self.set(server);
        server.start(ServerSettings.of("127.0.0.1", 0));
        registry.register("self-closing", server, 0, Map.of());

        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            client.send("shut down");

            QuicConnectionCloseEvent close = client.closedByPeer().get(QuicTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(close.isApplicationClose()).isTrue();
            assertThat(close.error()).isZero();
        }
        assertThat(lookupWhenCloseReturned).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Optional.empty());
        assertThat(server.termination().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> quicServerThreads().isEmpty());
    }

    @Test
    void aTerminationDependentThatClosesTheServerFindsItsEntryGoneWhenCloseReturns() throws Exception {
        CompletableFuture<Optional<ServerInfo>> lookupWhenCloseReturned = new CompletableFuture<>();
        // Attached after the registration: CompletableFuture would run it before the registry's removal.
        server.termination().whenComplete((ignored, failure) -> {
            server.close(); // cannot wait for the settling it runs in
            lookupWhenCloseReturned.complete(registry.lookup("echo"));
        });

        server.close();

        assertThat(lookupWhenCloseReturned).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Optional.empty());
    }

    static List<String> quicServerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("quic-server"))
                .toList();
    }

    /** Whether {@code latch} opened within {@code timeout}. */
    private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aListenerOfOneServersTerminationClosesAnotherAndBothCloseCallsReturnWithinASecond() throws Exception {
        NettyQuicServer other = TestServers.startedEcho(certificates);
        registry.register("other", other, 0, Map.of());
        AtomicReference<Thread> echoTerminatedOn = new AtomicReference<>();
        AtomicReference<Thread> otherTerminatedOn = new AtomicReference<>();
        server.termination().whenComplete((ignored, failure) -> echoTerminatedOn.set(Thread.currentThread()));
        other.termination().whenComplete((ignored, failure) -> otherTerminatedOn.set(Thread.currentThread()));
        registry.addListener(event -> {
            if (event instanceof ServerUnregistered gone && gone.server().name().equals("echo")) {
                other.close(); // user code reacting to one server's end by closing another
            }
        });

        assertTimeoutPreemptively(Duration.ofSeconds(1), server::close);

        assertThat(registry.lookup("other")).as("closed from the listener, gone when the first close() returned").isEmpty();
        assertTimeoutPreemptively(Duration.ofSeconds(1), other::close);
        assertThat(List.of(echoTerminatedOn.get(), otherTerminatedOn.get())).allSatisfy(thread -> assertThat(thread.getName())
                .as("the thread that completed a termination: the server's own")
                .matches("quic-server-\\d+-termination")
                .doesNotContain("globalEventExecutor"));
        assertThat(echoTerminatedOn.get()).isNotSameAs(otherTerminatedOn.get());
    }
}
