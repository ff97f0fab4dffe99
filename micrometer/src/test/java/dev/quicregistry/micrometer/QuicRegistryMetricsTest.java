package dev.quicregistry.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.client.ReconnectingQuicClient;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.reconnect.ExponentialBackoff;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import dev.quicregistry.testing.TestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters against real Netty QUIC servers, real QUIC connections and a real reconnecting client. */
class QuicRegistryMetricsTest {

    private static final String ALPN = "metrics";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
    private final LocalConnectionRegistry connections = new LocalConnectionRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final QuicRegistryMetrics metrics = new QuicRegistryMetrics(servers, connections);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        certificates = TestCertificates.writeTo(dir);
        metrics.bindTo(meters);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        metrics.close();
    }

    private NettyQuicServer startedEcho() throws Exception {
        NettyQuicServer server = NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).alpn(ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem()).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        closing.add(server);
        return server;
    }

    private double connectionsGauge(String server) {
        return meters.get("quic.server.connections").tag("server", server).gauge().value();
    }

    @Test
    void gaugesFollowRealServersAndRealQuicConnections() throws Exception {
        NettyQuicServer echo = startedEcho();
        servers.register("echo", echo, echo.boundPort(), Map.of());
        assertThat(meters.get("quic.servers.registered").gauge().value()).isEqualTo(1);

        QuicTestClient first = QuicTestClient.connect(echo.boundPort(), ALPN, certificates.trusted());
        QuicTestClient second = QuicTestClient.connect(echo.boundPort(), ALPN, certificates.trusted());
        closing.add(second);
        await().atMost(WAIT).until(() -> connectionsGauge("echo") == 2);
        first.close();
        await().atMost(WAIT).until(() -> connectionsGauge("echo") == 1);

        servers.unregister("echo");
        assertThat(meters.get("quic.servers.registered").gauge().value()).isZero();
        assertThat(connectionsGauge("echo")).as("the name's gauge stays, at 0").isZero();
        assertThat(meters.get("quic.registry.events").tag("type", "ServerRegistered").counter().count()).isEqualTo(1);
        assertThat(meters.get("quic.registry.events").tag("type", "ServerUnregistered").counter().count()).isEqualTo(1);
    }

    @Test
    void aForcedReconnectionCountsAttemptsAReplacementAndOneTimerSample() throws Exception {
        NettyQuicServer first = startedEcho();
        servers.register("echo", first, first.boundPort(), Map.of());
        ReconnectingQuicClient client = ReconnectingQuicClient.builder(servers, "echo", connections).alpn(ALPN)
                .trustCertificates(certificates.trustedPem())
                .backoff(ExponentialBackoff.of(Duration.ofMillis(10), Duration.ofMillis(40), ExponentialBackoff.UNLIMITED)).build();
        closing.add(client);
        metrics.track(client);
        client.start();
        client.awaitConnected(WAIT);
        assertThat(meters.get("quic.reconnect.attempts").counter().count()).isZero();

        servers.unregister("echo");
        first.close();
        NettyQuicServer second = startedEcho();
        servers.register("echo", second, second.boundPort(), Map.of());

        await().atMost(WAIT).until(() -> meters.get("quic.connections.replaced").functionCounter().count() == 1);
        await().atMost(WAIT).until(() -> meters.get("quic.reconnect.duration").timer().count() == 1);
        assertThat(meters.get("quic.reconnect.attempts").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("quic.reconnect.duration").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    private double events(String type) {
        return meters.get("quic.registry.events").tag("type", type).counter().count();
    }

    @Test
    void everyEventTypeHasItsCounterAndADrainIsCountedAsServerDrainingThenOneServerUnregistered() {
        assertThat(meters.find("quic.registry.events").counters()).extracting(counter -> counter.getId().getTag("type"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(RegistryEvent.class.getPermittedSubclasses())
                        .map(Class::getSimpleName).toList())
                .contains("ServerDraining");
        List<Double> drainingDuringTheDrain = new ArrayList<>();
        TestServer drainer = TestServer.bound(4433).whileDraining(() -> drainingDuringTheDrain.add(events("ServerDraining")));
        servers.register("drainer", drainer, 4433, Map.of());

        servers.drain("drainer", Duration.ofSeconds(5));

        assertThat(drainingDuringTheDrain).containsExactly(1.0);
        assertThat(events("ServerDraining")).isEqualTo(1);
        assertThat(events("ServerRegistered")).isEqualTo(1);
        assertThat(events("ServerUnregistered")).isEqualTo(1);
        assertThat(meters.get("quic.servers.registered").gauge().value()).isZero();
    }

    @Test
    void tagsCarryOnlyServerNamesAndEventTypes() throws Exception {
        NettyQuicServer echo = startedEcho();
        servers.register("echo", echo, echo.boundPort(), Map.of());
        connections.register(ConnectionId.of("a-session-id"), "a transport");

        assertThat(meters.getMeters()).flatExtracting(meter -> meter.getId().getTags())
                .allSatisfy(tag -> assertThat(tag.getKey()).isIn("server", "type"))
                .noneSatisfy(tag -> assertThat(tag.getValue()).contains("a-session-id"));
        assertThat(meters.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName).contains(
                "quic.servers.registered", "quic.server.connections", "quic.registry.events", "quic.connections.replaced",
                "quic.reconnect.attempts", "quic.reconnect.duration");
    }

    @Test
    void oneBinderBindsOnceAndTrackingNeedsABinding() {
        assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already bound");
        QuicRegistryMetrics unbound = new QuicRegistryMetrics(servers, connections);
        assertThatThrownBy(() -> unbound.track(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("client");
        assertThatThrownBy(() -> new QuicRegistryMetrics(null, connections))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("servers");
    }
}
