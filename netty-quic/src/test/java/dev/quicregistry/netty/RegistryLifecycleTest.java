package dev.quicregistry.netty;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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

    static List<String> quicServerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("quic-server"))
                .toList();
    }
}
