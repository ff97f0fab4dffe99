package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.EndpointRemoved;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.se.SeContainer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code quic.registry.zookeeper.connect} set, the started servers are published into the
 * cluster directory, which is injectable and whose events are CDI events; another JVM's directory
 * (a second Curator client) sees them come and go. The JVM's shared ZooKeeper on 127.0.0.1, under
 * a base path of each run's own.
 */
class DirectoryCdiTest {

    private static final Duration SEEN = Duration.ofSeconds(15);
    private static Ensemble ensemble;

    @RegisterExtension
    final TestConfig config = new TestConfig();

    @BeforeAll
    static void sharedEnsemble() throws Exception {
        ensemble = Ensemble.shared();
    }

    /** Observes the directory's events; read through methods (the reference is a client proxy). */
    @ApplicationScoped
    static class DirectoryObserver {
        static final List<String> SEEN_EVENTS = new CopyOnWriteArrayList<>();

        void added(@Observes @NamedQuicServer("alpha") EndpointAdded event) {
            SEEN_EVENTS.add("+" + event.endpoint().name() + ":" + event.endpoint().port());
        }

        void removed(@Observes EndpointRemoved event) {
            SEEN_EVENTS.add("-" + event.endpoint().name() + ":" + event.endpoint().port());
        }
    }

    @Test
    void theStartedServersArePublishedTheDirectoryIsInjectableAndItsEventsAreCdiEvents() {
        DirectoryObserver.SEEN_EVENTS.clear();
        String basePath = "/cdi-" + UUID.randomUUID();
        config.loopback("alpha").set("quic.registry.zookeeper.connect", ensemble.connectString())
                .set("quic.registry.zookeeper.base-path", basePath).set("quic.registry.zookeeper.session-timeout", "6s");
        try (ZooKeeperDirectory otherJvm = ZooKeeperDirectory.builder().connectString(ensemble.connectString())
                .basePath(basePath).build()) {
            int port;
            try (SeContainer container = Containers.start(AlphaServer.class, DirectoryObserver.class)) {
                port = container.select(QuicServerRegistry.class).get().port("alpha").orElseThrow();
                QuicServerDirectory directory = container.select(QuicServerDirectory.class).get();

                await().atMost(SEEN).until(() -> otherJvm.endpoints("alpha").size() == 1);
                assertThat(otherJvm.endpoints("alpha").get(0).port()).isEqualTo(port);
                await().atMost(SEEN).until(() -> directory.endpoints("alpha").size() == 1);
                assertThat(directory.isConnected()).isTrue();
                await().atMost(SEEN).until(() -> DirectoryObserver.SEEN_EVENTS.contains("+alpha:" + port));
            }

            await().atMost(SEEN).until(() -> otherJvm.endpoints("alpha").isEmpty());
        }
    }

    @Test
    void aBadSessionTimeoutIsADeploymentErrorNamingTheKey() {
        config.loopback("alpha").set("quic.registry.zookeeper.connect", ensemble.connectString())
                .set("quic.registry.zookeeper.session-timeout", "soon");

        BootFailure failure = Containers.failedBoot(AlphaServer.class);

        assertThat(failure.isDeploymentError()).as("a deployment problem, reported as " + failure).isTrue();
        assertThat(failure.reported()).contains("quic.registry.zookeeper.session-timeout=soon is not a positive duration");
    }

    @Test
    void withoutConnectThereIsNoDirectoryBean() {
        config.loopback("alpha");
        try (SeContainer container = Containers.start(AlphaServer.class)) {
            assertThat(container.select(QuicServerDirectory.class).isUnsatisfied()).isTrue();
        }
    }
}
