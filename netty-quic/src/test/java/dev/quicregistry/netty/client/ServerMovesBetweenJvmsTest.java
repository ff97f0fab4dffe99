package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.netty.server.TestServers;
import dev.quicregistry.reconnect.ConnectionState.Reconnecting;
import dev.quicregistry.reconnect.ExponentialBackoff;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client locates its server through the cluster directory and keeps its {@code ConnectionId}
 * while the server stops in one JVM and starts in another: one {@code ConnectionReplaced}. The
 * three JVMs are three registries with a directory each (three ZooKeeper clients, as three JVMs
 * have) on a real 3-server ensemble on 127.0.0.1.
 */
class ServerMovesBetweenJvmsTest {

    @TempDir
    Path dir;
    private ClientFixture fixture;
    private Ensemble ensemble;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture(dir);
        ensemble = Ensemble.started(3);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        ensemble.close();
    }

    private ZooKeeperDirectory directory() {
        ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(ensemble.connectString()).build();
        closing.add(directory);
        return directory;
    }

    /** A JVM with servers: its registry, published into its own directory. */
    private LocalQuicServerRegistry serverJvm() {
        LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
        closing.add(directory().publish(registry));
        return registry;
    }

    @Test
    void theClientFollowsItsServerToAnotherJvmUnderItsIdWithOneConnectionReplaced() throws Exception {
        LocalQuicServerRegistry jvm1 = serverJvm();
        LocalQuicServerRegistry jvm2 = serverJvm();
        ZooKeeperDirectory clientJvm = directory();
        NettyQuicServer first = TestServers.startedEcho(fixture.certificates);
        closing.add(first);
        jvm1.register(ClientFixture.NAME, first, 0, Map.of());
        await().atMost(ClientFixture.WAIT).until(() -> clientJvm.endpoints(ClientFixture.NAME).size() == 1);

        ReconnectingQuicClient client = fixture.connect(ReconnectingQuicClient.builder(clientJvm, ClientFixture.NAME, fixture.connections)
                .id(fixture.id).alpn(TestServers.ALPN).trustCertificates(fixture.certificates.trustedPem())
                .backoff(ClientFixture.fastBackoff(ExponentialBackoff.UNLIMITED)));
        QuicChannel before = client.handle().current().orElseThrow();
        assertThat(port(before)).isEqualTo(first.boundPort());
        assertThat(ClientFixture.exchange(before, "in the first JVM")).isEqualTo("in the first JVM");
        CompletableFuture<QuicChannel> next = client.nextConnected().toCompletableFuture();

        jvm1.unregister(ClientFixture.NAME);
        first.close();
        fixture.awaitState(state -> state instanceof Reconnecting);
        await().atMost(ClientFixture.WAIT).until(() -> clientJvm.endpoints(ClientFixture.NAME).isEmpty());
        NettyQuicServer second = TestServers.startedEcho(fixture.certificates);
        closing.add(second);
        jvm2.register(ClientFixture.NAME, second, 0, Map.of());
        QuicChannel after = next.get(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS);

        assertThat(port(after)).isEqualTo(second.boundPort());
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, before, after));
        assertThat(client.handle().id()).isEqualTo(fixture.id);
        assertThat(ClientFixture.exchange(after, "in the second JVM")).isEqualTo("in the second JVM");
    }

    private static int port(QuicChannel connection) {
        return ((InetSocketAddress) connection.remoteSocketAddress()).getPort();
    }
}
