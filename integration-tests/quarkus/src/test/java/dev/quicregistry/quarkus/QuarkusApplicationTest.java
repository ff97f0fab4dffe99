package dev.quicregistry.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.UdpTestServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** quic-registry in a real Quarkus application: ArC runs the build-compatible extension. */
@QuarkusTest
class QuarkusApplicationTest {

    @Inject
    QuicServerRegistry servers;

    @Inject
    ConnectionRegistry connections;

    @Inject
    @NamedQuicServer("alpha")
    ServerInfo alpha;

    @Inject
    Observed observed;

    @Inject
    QuicServerDirectory directory;

    @Test
    void withoutAConnectStringTheDirectoryBeanSaysThatNoneIsConfigured() {
        assertThatThrownBy(() -> directory.names())
                .hasStackTraceContaining("no cluster directory is running: quic.registry.zookeeper.connect is not set");
    }

    @Test
    void theNamedServerBeansAreDiscoveredStartedInNameOrderAndRegistered() {
        assertThat(servers.names()).containsExactly("alpha", "beta");
        assertThat(observed.all()).startsWith("registered alpha", "registered beta");
    }

    @Test
    void theInjectedServerInfoCarriesThePortTheServerReallyBound() {
        int bound = ((UdpTestServer) alpha.server()).boundPort();

        assertThat(alpha.port()).isBetween(1, 65535).isEqualTo(bound);
        assertThat(alpha.options()).containsEntry("configured-port", 0);
        assertThat(Ports.isFree(bound)).as("the port is really bound").isFalse();
    }

    @Test
    void boundPortIsPublishedBeforeTheFirstServerRegisteredObserverRuns() {
        int port = servers.port("alpha").orElseThrow();

        assertThat(ConfigProvider.getConfig().getValue("quic.server.alpha.bound-port", Integer.class)).isEqualTo(port);
        assertThat(observed.boundPortAtAlphaStart()).containsExactly(port + "=" + port);
    }

    @Test
    void optionsFromConfigurationReachTheServer() {
        ServerInfo beta = servers.lookup("beta").orElseThrow();

        assertThat(beta.options()).containsEntry("alpn", "h3");
        assertThat(((UdpTestServer) beta.server()).settings().orElseThrow().options()).containsEntry("alpn", "h3");
    }

    @Test
    void syncAndAsyncObserversWithAndWithoutTheQualifierReceiveTheEvents() {
        assertThat(observed.alphaOnly()).contains("registered alpha").doesNotContain("registered beta");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(observed.async()).contains("registered alpha", "registered beta");
            assertThat(observed.asyncAlphaOnly()).contains("registered alpha").doesNotContain("registered beta");
        });

        connections.register(ConnectionId.of("quarkus-session"), "a transport");

        assertThat(observed.all()).contains("ConnectionRegistered");
        assertThat(observed.alphaOnly()).doesNotContain("ConnectionRegistered");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(observed.async()).contains("ConnectionRegistered"));
    }

}
