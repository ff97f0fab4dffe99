package dev.quicregistry.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The cluster directory under CDI Lite: with {@code quic.registry.zookeeper.connect} set (by
 * {@link ZooKeeperResource}, a real ZooKeeper), the started servers are published, the directory
 * is injectable and its events reach the application's observers.
 */
@QuarkusTest
@WithTestResource(ZooKeeperResource.class)
class DirectoryQuarkusTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    QuicServerDirectory directory;

    @Inject
    QuicServerRegistry servers;

    @Inject
    DirectoryObserved observed;

    @Test
    void theStartedServersArePublishedAndFoundThroughTheInjectedDirectory() {
        int alpha = servers.port("alpha").orElseThrow();
        int beta = servers.port("beta").orElseThrow();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(directory.endpoints("alpha")).extracting(ServerEndpoint::host, ServerEndpoint::port)
                    .containsExactly(tuple("127.0.0.1", alpha));
            assertThat(directory.endpoints("beta")).extracting(ServerEndpoint::port).containsExactly(beta);
        });
        assertThat(directory.isConnected()).isTrue();
    }

    @Test
    void anotherJvmsDirectoryOnTheSameEnsembleSeesThem() throws Exception {
        int alpha = servers.port("alpha").orElseThrow();
        String connect = ConfigProvider.getConfig().getValue("quic.registry.zookeeper.connect", String.class);

        try (ZooKeeperDirectory other = ZooKeeperDirectory.builder().connectString(connect).basePath("/quarkus-test").build()) {
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(other.endpoints("alpha")).extracting(ServerEndpoint::port).containsExactly(alpha));
        }
    }

    @Test
    void theDirectorysEventsAreCdiEventsQualifiedByServerName() {
        int alpha = servers.port("alpha").orElseThrow();
        int beta = servers.port("beta").orElseThrow();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(observed.all()).contains("added alpha:" + alpha, "added beta:" + beta);
            assertThat(observed.alphaOnly()).containsExactly("added alpha:" + alpha);
        });
    }
}
