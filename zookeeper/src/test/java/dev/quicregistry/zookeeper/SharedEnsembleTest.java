package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.UdpTestServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A ZooKeeper shared with others (DIRECTORY.md, round 3): other clients, and an attacker, write
 * under the directory's base path on the JVM's real ensemble on 127.0.0.1.
 */
class SharedEnsembleTest {

    private static final Duration SEEN = Duration.ofSeconds(10);
    private static final Duration SESSION = Duration.ofSeconds(6);
    private static final byte[] CREDENTIALS = "app:s3cr3t".getBytes(StandardCharsets.UTF_8);

    private static Ensemble ensemble;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final LocalQuicServerRegistry local = new LocalQuicServerRegistry();
    private final String basePath = "/shared-" + UUID.randomUUID();
    private final LogCapture directoryLog = LogCapture.of(ZooKeeperDirectory.class);
    private final LogCapture tableLog = LogCapture.of(EndpointTable.class);

    @BeforeAll
    static void sharedEnsemble() throws Exception {
        ensemble = Ensemble.shared();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        directoryLog.close();
        tableLog.close();
    }

    private ZooKeeperDirectory directory(ZooKeeperDirectory.Builder builder) {
        ZooKeeperDirectory directory = builder.connectString(ensemble.connectString()).basePath(basePath)
                .sessionTimeout(SESSION).build();
        closing.add(directory);
        return directory;
    }

    /** Another client of the ensemble, as any application (or attacker) that reaches it has. */
    private CuratorFramework stranger() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(ensemble.connectString(), new RetryOneTime(100));
        client.start();
        closing.add(client);
        assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        return client;
    }

    private UdpTestServer started() throws IOException {
        UdpTestServer server = new UdpTestServer();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of()));
        closing.add(server);
        return server;
    }

    /** Publishes a server as "api" through {@code publishing}; returns its endpoint once {@code reading} lists it. */
    private ServerEndpoint published(ZooKeeperDirectory publishing, ZooKeeperDirectory reading) throws IOException {
        closing.add(publishing.publish(local));
        UdpTestServer server = started();
        local.register("api", server, server.boundPort(), Map.of("alpn", "h3"));
        await().atMost(SEEN).until(() -> reading.endpoints("api").size() == 1);
        return reading.endpoints("api").get(0);
    }

    private String pathOf(ServerEndpoint endpoint) {
        return basePath + "/" + endpoint.name() + "/" + endpoint.instanceId();
    }

    @Test
    void withAnAuthorizationAStrangerGetsNoAuthOnCreateSetDataAndDeleteAndTheApplicationStillPublishesAndReads()
            throws Exception {
        ZooKeeperDirectory publishing = directory(ZooKeeperDirectory.builder().authorization("digest", CREDENTIALS));
        ZooKeeperDirectory reading = directory(ZooKeeperDirectory.builder().authorization("digest", CREDENTIALS));
        ServerEndpoint endpoint = published(publishing, reading);
        CuratorFramework stranger = stranger();

        assertThatThrownBy(() -> stranger.create().forPath(basePath + "/api/forged", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        // the base path is the directory's own, persistent (not a container ZooKeeper deletes once empty)
        assertThatThrownBy(() -> stranger.create().forPath(basePath + "/web", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThat(stranger.checkExists().forPath(basePath).getEphemeralOwner()).isZero();
        assertThatThrownBy(() -> stranger.setData().forPath(pathOf(endpoint), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.delete().forPath(pathOf(endpoint)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThat(stranger.getData().forPath(pathOf(endpoint))).as("the world may read").isNotEmpty();
        assertThat(reading.endpoints("api")).containsExactly(endpoint);
        assertThat(directoryLog.warnings()).isEmpty();
        assertThat(directoryLog.warningTexts() + tableLog.warningTexts()).doesNotContain("s3cr3t");
    }

    @Test
    void anAclOfTheApplicationsChoosingIsTheOneItsZnodesGetAndNothingIsWarned() throws Exception {
        // IP-scheme ACL: 127.0.0.1 may do all, so both directories work, and a stranger on another address could not
        List<ACL> loopbackOnly = List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1")));
        ZooKeeperDirectory publishing = directory(ZooKeeperDirectory.builder().acl(loopbackOnly));
        ServerEndpoint endpoint = published(publishing, directory(ZooKeeperDirectory.builder().acl(loopbackOnly)));

        assertThat(stranger().getACL().forPath(pathOf(endpoint))).isEqualTo(loopbackOnly);
        assertThat(directoryLog.warnings()).isEmpty();
    }

    @Test
    void withoutAnAclTheDirectoryWarnsOnceAtStartThatItsZnodesAreWorldWritable() {
        directory(ZooKeeperDirectory.builder());

        assertThat(directoryLog.warnings()).hasSize(1);
        assertThat(directoryLog.warningTexts()).contains("creates world-writable znodes")
                .contains("ZooKeeperDirectory.Builder.authorization(...)").contains("quic.registry.zookeeper.auth");
    }

    @Test
    void foreignZnodesThatAreNotEndpointsAreSkippedWithOneWarningEachAndNoStackTrace() throws Exception {
        ZooKeeperDirectory reading = directory(ZooKeeperDirectory.builder());
        ServerEndpoint endpoint = published(directory(ZooKeeperDirectory.builder()), reading);
        CuratorFramework stranger = stranger();
        String valid = new String(new EndpointCodec().encode(endpoint), StandardCharsets.UTF_8);
        Map<String, String> foreign = Map.of(
                "/web/" + endpoint.instanceId(), valid,                                 // its JSON names api
                "/api/null-id", valid.replace("\"id\":\"" + endpoint.instanceId() + "\"", "\"id\":null"),
                "/api/json", "{ not json",
                "/api/large", valid.replace("\"alpn\":\"h3\"", "\"alpn\":\"" + "h".repeat(5 * 1024) + "\""));
        assertThat(foreign.get("/api/null-id")).contains("\"id\":null");

        for (Map.Entry<String, String> znode : foreign.entrySet()) {
            stranger.create().creatingParentsIfNeeded().forPath(basePath + znode.getKey(),
                    znode.getValue().getBytes(StandardCharsets.UTF_8));
        }

        // one WARNING per directory and znode: the reading one and the publishing one
        await().atMost(SEEN).untilAsserted(() -> assertThat(tableLog.warnings()).hasSize(2 * foreign.size()));
        assertThat(tableLog.warnings()).allSatisfy(line -> assertThat(line).doesNotContain("\n").hasSizeLessThan(400));
        assertThat(reading.names()).containsExactly("api");
        assertThat(reading.endpoints("api")).containsExactly(endpoint);
        assertThat(tableLog.at(Level.WARNING)).allSatisfy(record -> assertThat(record.getThrown()).isNull());
        assertThat(tableLog.errors()).isEmpty();
        // written again: still one WARNING each
        stranger.setData().forPath(basePath + "/api/json", "{ still not".getBytes(StandardCharsets.UTF_8));
        await().during(Duration.ofMillis(300)).atMost(SEEN).until(() -> tableLog.warnings().size() == 2 * foreign.size());
    }

    @Test
    void anEndpointWhoseDataTurnsInvalidLeavesWithEndpointRemoved() throws Exception {
        ZooKeeperDirectory reading = directory(ZooKeeperDirectory.builder());
        Recorder recorder = new Recorder();
        reading.addListener(recorder);
        CuratorFramework stranger = stranger();
        ServerEndpoint foreign = new ServerEndpoint("api", "theirs", "127.0.0.1", 4433, Map.of(), Instant.now());
        stranger.create().creatingParentsIfNeeded().forPath(pathOf(foreign), new EndpointCodec().encode(foreign));
        await().atMost(SEEN).until(() -> reading.endpoints("api").size() == 1);

        stranger.setData().forPath(pathOf(foreign), "{ broken".getBytes(StandardCharsets.UTF_8));

        await().atMost(SEEN).until(() -> recorder.seen.equals(List.of("+api:4433", "-api:4433")));
        assertThat(reading.endpoints("api")).isEmpty();
    }

    @Test
    void ourZnodeOverwrittenByAnotherClientIsWrittenBackWithinTheSessionTimeout() throws Exception {
        LogCapture repairs = LogCapture.of(OwnZnodes.class);
        closing.add(repairs);
        ZooKeeperDirectory publishing = directory(ZooKeeperDirectory.builder());
        ZooKeeperDirectory reading = directory(ZooKeeperDirectory.builder());
        ServerEndpoint endpoint = published(publishing, reading);
        Recorder ownView = new Recorder();
        publishing.addListener(ownView);
        byte[] ours = stranger().getData().forPath(pathOf(endpoint));
        ServerEndpoint forged = new ServerEndpoint("api", endpoint.instanceId(), "evil.example.com", 443, Map.of(), Instant.now());

        stranger().setData().forPath(pathOf(endpoint), new EndpointCodec().encode(forged));

        CuratorFramework checker = stranger();
        await().atMost(SESSION).untilAsserted(() -> assertThat(checker.getData().forPath(pathOf(endpoint))).isEqualTo(ours));
        await().atMost(SEEN).until(() -> reading.endpoints("api").equals(List.of(endpoint)));
        assertThat(publishing.endpoints("api")).containsExactly(endpoint);
        assertThat(ownView.seen).as("the publishing directory never took the forgery in").doesNotContain("+api:443", "-api:" + endpoint.port());
        assertThat(repairs.warningTexts()).contains("another ZooKeeper client changed this directory's znode " + pathOf(endpoint))
                .doesNotContain("evil.example.com");
    }

    @Test
    void readsAcceptAnyStringAndAnswerNothingForANameThatCouldNeverBePublished() {
        ZooKeeperDirectory reading = directory(ZooKeeperDirectory.builder());

        assertThat(reading.endpoints("not a name")).isEmpty();
        assertThat(reading.endpoints("")).isEmpty();
        assertThat(reading.endpoints("../../etc")).isEmpty();
    }

    @Test
    @Tag("heap-measurement") // left out of PIT's runs (pom.xml): it measures, it checks no rule a mutant breaks
    void tenThousandForeignZnodesCostTheDirectoryTheirPathsNotTheirData() throws Exception {
        CuratorFramework stranger = stranger();
        int count = 10_000;
        byte[] junk = "x".repeat(4000).getBytes(StandardCharsets.UTF_8); // 40 MB in all, were it kept
        stranger.create().creatingParentsIfNeeded().forPath(basePath + "/api/first", junk);
        CountDownLatch created = new CountDownLatch(count - 1);
        for (int i = 1; i < count; i++) {
            stranger.create().withMode(CreateMode.PERSISTENT).inBackground((client, event) -> created.countDown())
                    .forPath(basePath + "/api/junk-" + i, junk);
        }
        assertThat(created.await(60, TimeUnit.SECONDS)).isTrue();
        long before = usedHeapAfterGc();

        ZooKeeperDirectory reading = directory(ZooKeeperDirectory.builder().maxEndpoints(100));
        await().atMost(Duration.ofSeconds(60)).until(() -> tableLog.warnings().size() == 100); // the bound of what is reported
        long retained = usedHeapAfterGc() - before;

        // What this directory costs for them: a path and a version each in Curator's cache, a watch each
        // in ZooKeeper's client, and here the in-JVM server's record of the session's watches too; about
        // 1 KB a znode, measured 9.5 MB. Under 16 MiB for 10 000, where their data alone is 40 MB.
        assertThat(retained).as("retained heap, bytes").isLessThan(16L << 20);
        assertThat(reading.names()).isEmpty();
        assertThat(tableLog.errors()).isEmpty();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the lowest of three full collections: what is reachable
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void closeReturnsWithinTwoSecondsWithEveryServerStoppedAndAWithdrawalPendingAndLeavesNoThread() throws Exception {
        Ensemble own = Ensemble.started(1);
        closing.add(own);
        UdpTestServer server = started();
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        assertThat(closeWithZooKeeperGoneAndAWithdrawalPending(own, server)).isLessThan(Duration.ofSeconds(2));

        // Curator's client leaves one thread of its own running after close() ("SafeNotifyService": an
        // executor it never shuts down); it ends once the client is garbage, which the directory lets it be.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            System.gc();
            assertThat(newThreadsSince(before)).isEmpty();
        });
    }

    /** How long close() took; nothing of the directory is reachable once this returns. */
    private Duration closeWithZooKeeperGoneAndAWithdrawalPending(Ensemble own, UdpTestServer server) throws Exception {
        ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(own.connectString()).basePath(basePath)
                .sessionTimeout(SESSION).build();
        directory.publish(local);
        local.register("api", server, server.boundPort(), Map.of());
        await().atMost(SEEN).until(() -> directory.endpoints("api").size() == 1);
        own.stop(0);
        await().atMost(SEEN).until(() -> !directory.isConnected());
        local.unregister("api"); // its withdrawal is pending: ZooKeeper is gone

        long start = System.nanoTime();
        directory.close();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static List<String> newThreadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName).filter(name -> !name.startsWith("ForkJoinPool") && !name.startsWith("awaitility"))
                .collect(Collectors.toList());
    }
}
