package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.EndpointRemoved;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.Termination;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
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

    /**
     * A server as a transport bound to the wildcard address reports itself: 0.0.0.0 and its port. It binds
     * nothing (the address and port are what it says, not a socket), so nothing listens beyond loopback.
     */
    @ApplicationScoped
    @NamedQuicServer("wild")
    static class WildcardServer implements QuicServer {
        static final int PORT = 4433;
        private final Termination termination = new Termination();

        @Override
        public void start(ServerSettings settings) {
        }

        @Override
        public int boundPort() {
            return PORT;
        }

        @Override
        public Optional<InetSocketAddress> localAddress() {
            try {
                return Optional.of(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), PORT));
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        @Override
        public List<QuicConnection> connections() {
            return List.of();
        }

        @Override
        public CompletionStage<Void> termination() {
            return termination.stage();
        }

        @Override
        public void close() {
            termination.complete();
        }
    }

    /** Asks for the directory bean after the extension stopped the servers (a later observer of the application context's end). */
    @ApplicationScoped
    static class LateDirectoryUser {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        void applicationEnds(@Observes @BeforeDestroyed(ApplicationScoped.class) @Priority(Interceptor.Priority.APPLICATION + 1000)
                             Object event, Instance<QuicServerDirectory> directory) {
            try {
                SEEN.add("handed out, connected: " + directory.get().isConnected());
            } catch (RuntimeException refused) {
                SEEN.add(LogCapture.messagesOf(refused));
            }
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
    void theDirectorysAuthorizationAndAllowedAttributesComeFromConfiguration() throws Exception {
        String basePath = "/cdi-auth-" + UUID.randomUUID();
        config.loopback("alpha").set("quic.registry.zookeeper.connect", ensemble.connectString())
                .set("quic.registry.zookeeper.base-path", basePath)
                .set("quic.registry.zookeeper.auth-scheme", "digest").set("quic.registry.zookeeper.auth", "app:s3cr3t")
                .set("quic.registry.zookeeper.attributes", "weight")
                .set("quic.server.alpha.weight", "3").set("quic.server.alpha.region", "eu-1");
        try (ZooKeeperDirectory otherJvm = ZooKeeperDirectory.builder().connectString(ensemble.connectString())
                .basePath(basePath).authorization("digest", "app:s3cr3t".getBytes(StandardCharsets.UTF_8)).build();
             SeContainer container = Containers.start(AlphaServer.class);
             CuratorFramework stranger = CuratorFrameworkFactory.newClient(ensemble.connectString(), new RetryOneTime(100))) {
            await().atMost(SEEN).until(() -> otherJvm.endpoints("alpha").size() == 1);
            ServerEndpoint endpoint = otherJvm.endpoints("alpha").get(0);
            assertThat(endpoint.attributes()).containsEntry("weight", "3").doesNotContainKey("region");
            stranger.start();
            String path = basePath + "/alpha/" + endpoint.instanceId();
            assertThatThrownBy(() -> stranger.setData().forPath(path, new byte[] {'{', '}'}))
                    .isInstanceOf(KeeperException.NoAuthException.class);
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

    @Test
    void aMalformedConnectStringIsADeploymentErrorNamingTheKeyAndNothingStarts() {
        config.loopback("alpha").set("quic.registry.zookeeper.connect", "::::");

        BootFailure failure = Containers.failedBoot(AlphaServer.class);

        assertThat(failure.isDeploymentError()).as("reported as " + failure).isTrue();
        assertThat(failure.reported()).contains("quic.registry.zookeeper.connect: connectString=:::: is not a ZooKeeper"
                + " connect string (expected host:port[,host:port...][/chroot])");
    }

    @Test
    void theAdvertisedHostIsPublishedForAWildcardServerAndTheSessionTimeoutIsTheOneAskedFor() throws Exception {
        String basePath = "/advertised-" + UUID.randomUUID();
        config.set("quic.registry.zookeeper.connect", ensemble.connectString())
                .set("quic.registry.zookeeper.base-path", basePath)
                .set("quic.registry.zookeeper.session-timeout", "7s")
                .set("quic.registry.zookeeper.advertised-host", "edge.example.test");
        try (ZooKeeperDirectory otherJvm = ZooKeeperDirectory.builder().connectString(ensemble.connectString())
                .basePath(basePath).build();
             SeContainer container = Containers.start(WildcardServer.class)) {
            await().atMost(SEEN).until(() -> otherJvm.endpoints("wild").size() == 1);
            ServerEndpoint endpoint = otherJvm.endpoints("wild").get(0);
            assertThat(endpoint.host()).isEqualTo("edge.example.test");
            assertThat(endpoint.port()).isEqualTo(WildcardServer.PORT);

            ZooKeeperDirectory directory = contextualDirectory(container);
            await().atMost(SEEN).until(directory::isConnected);
            assertThat(negotiatedSessionTimeoutMillis(directory)).isEqualTo(7_000);
        }
    }

    @Test
    void afterTheServersStoppedTheDirectoryBeanIsNoLongerHandedOut() {
        LateDirectoryUser.SEEN.clear();
        config.loopback("alpha").set("quic.registry.zookeeper.connect", ensemble.connectString())
                .set("quic.registry.zookeeper.base-path", "/stopped-" + UUID.randomUUID());

        try (SeContainer container = Containers.start(AlphaServer.class, LateDirectoryUser.class)) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).containsExactly("alpha");
        }

        assertThat(LateDirectoryUser.SEEN).singleElement().asString()
                .contains("the cluster directory is not running (the container has not started, or has stopped)");
    }

    /** The directory itself, not its client proxy: the instance in the application context. */
    @SuppressWarnings("unchecked")
    private static ZooKeeperDirectory contextualDirectory(SeContainer container) {
        BeanManager beans = container.getBeanManager();
        Bean<Object> bean = (Bean<Object>) beans.resolve(beans.getBeans(QuicServerDirectory.class));
        return (ZooKeeperDirectory) beans.getContext(ApplicationScoped.class).get(bean, beans.createCreationalContext(bean));
    }

    /** The session timeout ZooKeeper granted the directory's client (ZooKeeperDirectory's test hook {@code curator()}). */
    private static int negotiatedSessionTimeoutMillis(ZooKeeperDirectory directory) throws Exception {
        Method curator = ZooKeeperDirectory.class.getDeclaredMethod("curator");
        curator.setAccessible(true);
        return ((CuratorFramework) curator.invoke(directory)).getZookeeperClient().getZooKeeper().getSessionTimeout();
    }
}
