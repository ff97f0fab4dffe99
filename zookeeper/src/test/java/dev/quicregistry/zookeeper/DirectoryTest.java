package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.testing.UdpTestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two directories (two Curator clients, as two JVMs have) on the JVM's shared ZooKeeper on 127.0.0.1. */
class DirectoryTest {

    private static final Duration SEEN = Duration.ofSeconds(10);

    private static Ensemble ensemble;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final LocalQuicServerRegistry local = new LocalQuicServerRegistry();
    private ZooKeeperDirectory publishing;
    private ZooKeeperDirectory reading;
    private final Recorder recorder = new Recorder();

    @BeforeAll
    static void sharedEnsemble() throws Exception {
        ensemble = Ensemble.shared();
    }

    /** A base path of this test's own: the ensemble is the JVM's, and a test may run more than once in it (PIT). */
    private static String fresh(String basePath) {
        return basePath + "-" + UUID.randomUUID();
    }

    private ZooKeeperDirectory directory(String basePath) {
        ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(ensemble.connectString())
                .basePath(basePath).sessionTimeout(Duration.ofSeconds(6)).build();
        closing.add(directory);
        return directory;
    }

    private void twoDirectories(String basePath) {
        publishing = directory(basePath);
        reading = directory(basePath);
        reading.addListener(recorder);
        closing.add(publishing.publish(local));
    }

    private UdpTestServer started(Map<String, String> options) throws IOException {
        UdpTestServer server = new UdpTestServer();
        server.start(new ServerSettings("127.0.0.1", 0, options));
        closing.add(server);
        return server;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void aServerRegisteredInOneDirectoryAppearsInAnotherWithItsPortHostAndNonSecretOptions() throws IOException {
        twoDirectories(fresh("/appears"));
        UdpTestServer server = started(Map.of());

        local.register("api", server, server.boundPort(), Map.of("alpn", "h3", "key-password", "hunter2",
                "api-key", "k3y", "Credentials", "c"));

        await().atMost(SEEN).until(() -> !reading.endpoints("api").isEmpty());
        ServerEndpoint endpoint = reading.endpoints("api").get(0);
        assertThat(endpoint.port()).isEqualTo(server.boundPort());
        assertThat(endpoint.host()).isEqualTo("127.0.0.1");
        assertThat(endpoint.attributes()).containsExactly(Map.entry("alpn", "h3"));
        assertThat(reading.names()).containsExactly("api");
        await().atMost(SEEN).until(() -> publishing.endpoints("api").equals(List.of(endpoint)));
        await().atMost(SEEN).until(() -> recorder.seen.equals(List.of("+api:" + server.boundPort())));
        assertThat(recorder.threads).allSatisfy(thread -> assertThat(thread).matches("quic-directory-\\d+-events"));
    }

    @Test
    void unregisteredReplacedAndTerminatedServersLeaveTheDirectory() throws IOException {
        twoDirectories(fresh("/leaves"));
        UdpTestServer first = started(Map.of());
        UdpTestServer second = started(Map.of());
        UdpTestServer dying = started(Map.of());
        local.register("api", first, first.boundPort(), Map.of());
        int dyingPort = dying.boundPort();
        local.register("edge", dying, dyingPort, Map.of());
        await().atMost(SEEN).until(() -> reading.names().equals(Set.of("api", "edge")));

        local.register("api", second, second.boundPort(), Map.of()); // replaces first
        await().atMost(SEEN).until(() -> reading.endpoints("api").size() == 1
                && reading.endpoints("api").get(0).port() == second.boundPort());
        dying.die(new IOException("a test kills it"));
        await().atMost(SEEN).until(() -> reading.endpoints("edge").isEmpty());
        local.unregister("api");
        await().atMost(SEEN).until(() -> reading.names().isEmpty());

        await().atMost(SEEN).untilAsserted(() -> assertThat(recorder.about("api")).containsExactly(
                "+api:" + first.boundPort(), "-api:" + first.boundPort(), "+api:" + second.boundPort(), "-api:" + second.boundPort()));
        assertThat(recorder.about("edge")).containsExactly("+edge:" + dyingPort, "-edge:" + dyingPort);
    }

    @Test
    void twoJvmsPublishingOneNameGiveItTwoEndpoints() throws IOException {
        twoDirectories(fresh("/shared-name"));
        LocalQuicServerRegistry other = new LocalQuicServerRegistry();
        closing.add(reading.publish(other));
        UdpTestServer here = started(Map.of());
        UdpTestServer there = started(Map.of());

        local.register("api", here, here.boundPort(), Map.of());
        other.register("api", there, there.boundPort(), Map.of());

        await().atMost(SEEN).untilAsserted(() -> assertThat(publishing.endpoints("api")).extracting(ServerEndpoint::port)
                .containsExactlyInAnyOrder(here.boundPort(), there.boundPort()));
        assertThat(publishing.endpoints("api")).extracting(ServerEndpoint::instanceId).doesNotHaveDuplicates();
    }

    @Test
    void aServerWhosePortIsNotKnownYetIsPublishedOnceItIs() throws IOException {
        twoDirectories(fresh("/port-later"));
        UdpTestServer server = new UdpTestServer(); // not started: no bound port to resolve a registered 0 from
        closing.add(server);
        local.register("api", server, 0, Map.of());
        local.register("probe", started(Map.of()), 1, Map.of()); // a marker: once it is seen, "api" had its chance
        await().atMost(SEEN).until(() -> reading.names().contains("probe"));
        assertThat(reading.endpoints("api")).isEmpty();

        server.start(new ServerSettings("127.0.0.1", 0, Map.of()));
        local.updatePort("api", server.boundPort());

        await().atMost(SEEN).until(() -> reading.endpoints("api").size() == 1);
        assertThat(reading.endpoints("api").get(0).port()).isEqualTo(server.boundPort());
    }

    @Test
    void aForeignZnodeUnderTheBasePathIsSkippedAndLoggedOnceAndTheCacheGoesOn() throws Exception {
        String base = fresh("/foreign");
        try (LogCapture log = LogCapture.of(EndpointTable.class);
             CuratorFramework somebodyElse = CuratorFrameworkFactory.newClient(ensemble.connectString(), new RetryOneTime(100))) {
            somebodyElse.start();
            somebodyElse.create().creatingParentsIfNeeded().forPath(base + "/api/not-an-endpoint",
                    "{ this is not json".getBytes(StandardCharsets.UTF_8));
            somebodyElse.create().creatingParentsIfNeeded().forPath(base + "/api/zero-port",
                    "{\"name\":\"api\",\"id\":\"z\",\"address\":\"127.0.0.1\",\"port\":0,\"registrationTimeUTC\":1,\"serviceType\":\"DYNAMIC\"}"
                            .getBytes(StandardCharsets.UTF_8));
            twoDirectories(base);
            UdpTestServer server = started(Map.of());

            local.register("api", server, server.boundPort(), Map.of());

            await().atMost(SEEN).until(() -> reading.endpoints("api").size() == 1);
            assertThat(reading.endpoints("api").get(0).port()).isEqualTo(server.boundPort());
            somebodyElse.setData().forPath(base + "/api/not-an-endpoint", "still not".getBytes(StandardCharsets.UTF_8));
            local.unregister("api");
            await().atMost(SEEN).until(() -> reading.endpoints("api").isEmpty());
            // once per directory (two here), though the znode changed after it was first skipped
            assertThat(log.warnings()).filteredOn(line -> line.contains("not-an-endpoint")).hasSize(2);
            assertThat(log.warnings()).filteredOn(line -> line.contains("zero-port")).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("port=0 is not a port"));
        }
    }

    @Test
    void aDirectoryHoldsAtMostMaxEndpointsAndSaysSoOnce() throws IOException {
        String base = fresh("/bounded");
        try (LogCapture log = LogCapture.of(EndpointTable.class)) {
            publishing = directory(base);
            closing.add(publishing.publish(local));
            ZooKeeperDirectory small = ZooKeeperDirectory.builder().connectString(ensemble.connectString())
                    .basePath(base).maxEndpoints(2).build();
            closing.add(small);
            for (String name : List.of("a", "b", "c", "d")) {
                UdpTestServer server = started(Map.of());
                local.register(name, server, server.boundPort(), Map.of());
            }

            await().atMost(SEEN).until(() -> publishing.names().size() == 4);
            await().atMost(SEEN).until(() -> log.warnings().stream().anyMatch(line -> line.contains("holds 2 endpoints already")));
            assertThat(small.names()).hasSize(2);
            assertThat(log.warnings()).filteredOn(line -> line.contains("holds 2 endpoints already")).hasSize(1);

            String leaving = small.names().iterator().next();
            local.unregister(leaving);
            await().atMost(SEEN).until(() -> small.names().size() == 2 && !small.names().contains(leaving));
            assertThat(publishing.names()).hasSize(3).containsAll(small.names());
        }
        assertThatThrownBy(() -> ZooKeeperDirectory.builder().maxEndpoints(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEndpoints=0 is not valid: expected at least 1");
    }

    @Test
    void aServerBoundToAWildcardAddressIsPublishedWithTheAdvertisedHost() {
        publishing = ZooKeeperDirectory.builder().connectString(ensemble.connectString()).basePath(fresh("/advertised"))
                .advertisedHost("advertised.invalid").build();
        closing.add(publishing);
        closing.add(publishing.publish(local));

        // a double that reports a wildcard bound address: nothing is bound by this test
        local.register("api", TestServer.boundAt(new InetSocketAddress("0.0.0.0", 4433)), 4433, Map.of());

        await().atMost(SEEN).until(() -> publishing.endpoints("api").size() == 1);
        assertThat(publishing.endpoints("api").get(0).host()).isEqualTo("advertised.invalid");
    }

    @Test
    void foreignZnodesAreRememberedForTheirOneWarningOnlyUpToTheBound() throws Exception {
        String base = fresh("/foreign-bound");
        try (LogCapture log = LogCapture.of(EndpointTable.class);
             CuratorFramework somebodyElse = CuratorFrameworkFactory.newClient(ensemble.connectString(), new RetryOneTime(100))) {
            somebodyElse.start();
            for (String node : List.of("first", "second", "third")) {
                somebodyElse.create().creatingParentsIfNeeded().forPath(base + "/api/" + node,
                        "not json".getBytes(StandardCharsets.UTF_8));
            }
            ZooKeeperDirectory small = ZooKeeperDirectory.builder().connectString(ensemble.connectString())
                    .basePath(base).maxEndpoints(1).build();
            closing.add(small);
            publishing = ZooKeeperDirectory.builder().connectString(ensemble.connectString())
                    .basePath(base).maxEndpoints(1).build();
            closing.add(publishing);
            closing.add(publishing.publish(local));
            UdpTestServer marker = started(Map.of());

            local.register("marker", marker, marker.boundPort(), Map.of()); // seen after the three foreign znodes

            await().atMost(SEEN).until(() -> small.names().contains("marker") && publishing.names().contains("marker"));
            // three foreign znodes, a bound of one: one WARNING per directory (two here), not three each
            assertThat(log.warnings()).filteredOn(line -> line.contains(base + "/")).hasSize(2);
            assertThat(small.names()).containsExactly("marker");
        }
    }

    @Test
    void badInputGetsAClearErrorAndReadsAcceptAnyString() {
        // the builder's checks: DirectoryBuilderTest; reads of names never published: SharedEnsembleTest
        ZooKeeperDirectory directory = directory(fresh("/bad-input"));
        assertThat(directory.endpoints("no spaces")).isEmpty();
        assertThatThrownBy(() -> directory.endpoints(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> directory.publish(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("local");
    }
}
