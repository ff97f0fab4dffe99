package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.UdpTestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DIRECTORY.md's failure rules, each on a real 3-server ensemble of its own on 127.0.0.1: servers
 * of the ensemble stopped, all of them stopped, a session expired, ZooKeeper unreachable at start,
 * a reconnection whose session survived.
 */
class DirectoryFailuresTest {

    private static final Duration SESSION = Duration.ofSeconds(6);
    private static final Duration SEEN = Duration.ofSeconds(15);
    /** Curator's connection timeout here: a register or a start that waited for ZooKeeper would wait this long. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(4);
    /**
     * What "does not wait for ZooKeeper" allows: a cold Curator client starts in well under a second, but
     * on a 2-core machine busy with other builds it took more than the 500 ms this bound once was; a
     * half of the connection timeout still tells a call that waited from one that did not.
     */
    private static final Duration NO_WAIT = CONNECTION_TIMEOUT.dividedBy(2);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final LocalQuicServerRegistry local = new LocalQuicServerRegistry();
    private final Recorder recorder = new Recorder();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Ensemble ensemble(boolean started) throws Exception {
        Ensemble ensemble = started ? Ensemble.started(3) : Ensemble.of(3);
        closing.add(ensemble);
        return ensemble;
    }

    private ZooKeeperDirectory directory(String connectString) {
        ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(connectString)
                .sessionTimeout(SESSION).connectionTimeout(CONNECTION_TIMEOUT).build();
        closing.add(directory);
        return directory;
    }

    private UdpTestServer started() throws IOException {
        UdpTestServer server = new UdpTestServer();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of()));
        closing.add(server);
        return server;
    }

    private void register(String name, UdpTestServer server) {
        assertTimeoutPreemptively(NO_WAIT, () -> local.register(name, server, server.boundPort(), Map.of()),
                "register must not wait for ZooKeeper");
    }

    @Test
    void withOneOfThreeServersStoppedReadsPublishingAndEventsGoOn() throws Exception {
        Ensemble ensemble = ensemble(true);
        ZooKeeperDirectory publishing = directory(ensemble.connectString());
        ZooKeeperDirectory reading = directory(ensemble.connectString());
        reading.addListener(recorder);
        closing.add(publishing.publish(local));
        UdpTestServer before = started();
        register("before", before);
        await().atMost(SEEN).until(() -> reading.endpoints("before").size() == 1);

        ensemble.stop(0);
        UdpTestServer after = started();
        register("after", after);

        await().atMost(SEEN).until(() -> reading.endpoints("after").size() == 1);
        assertThat(reading.endpoints("before")).hasSize(1);
        assertThat(recorder.seen).containsExactly("+before:" + before.boundPort(), "+after:" + after.boundPort());
        await().atMost(SEEN).until(() -> publishing.isConnected() && reading.isConnected());
    }

    @Test
    void withEveryServerStoppedReadsAnswerFromTheCacheAndWhatIsPublishedMeanwhileAppearsWithAQuorum() throws Exception {
        Ensemble ensemble = ensemble(true);
        ZooKeeperDirectory publishing = directory(ensemble.connectString());
        ZooKeeperDirectory reading = directory(ensemble.connectString());
        closing.add(publishing.publish(local));
        UdpTestServer before = started();
        register("before", before);
        await().atMost(SEEN).until(() -> reading.endpoints("before").size() == 1);
        ServerEndpoint seen = reading.endpoints("before").get(0);

        for (int i = 0; i < ensemble.size(); i++) {
            ensemble.stop(i);
        }
        await().atMost(SEEN).until(() -> !reading.isConnected() && !publishing.isConnected());
        UdpTestServer meanwhile = started();
        register("meanwhile", meanwhile);

        assertThat(reading.endpoints("before")).containsExactly(seen);
        assertThat(reading.endpoints("meanwhile")).isEmpty();
        for (int i = 0; i < ensemble.size(); i++) {
            ensemble.restart(i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reading.endpoints("meanwhile").size() == 1);
        assertThat(reading.endpoints("meanwhile").get(0).port()).isEqualTo(meanwhile.boundPort());
        await().atMost(SEEN).until(() -> reading.endpoints("before").size() == 1);
    }

    @Test
    void afterASessionExpiryTheEndpointsArePublishedAgainWithoutAnyCall() throws Exception {
        Ensemble ensemble = ensemble(true);
        ZooKeeperDirectory publishing = directory(ensemble.connectString());
        ZooKeeperDirectory reading = directory(ensemble.connectString());
        reading.addListener(recorder);
        closing.add(publishing.publish(local));
        UdpTestServer server = started();
        register("api", server);
        await().atMost(SEEN).until(() -> reading.endpoints("api").size() == 1);

        publishing.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();

        // ZooKeeper removes the expired session's znode, Curator re-creates it in the new session
        await().atMost(SEEN).untilAsserted(() -> assertThat(recorder.about("api"))
                .containsExactly("+api:" + server.boundPort(), "-api:" + server.boundPort(), "+api:" + server.boundPort()));
        assertThat(reading.endpoints("api")).hasSize(1);
    }

    @Test
    void aZooKeeperUnreachableAtStartLetsTheApplicationStartWarnsOnceAndPublishesOnceReachable() throws Exception {
        Ensemble ensemble = ensemble(false);
        try (LogCapture log = LogCapture.of(ZooKeeperDirectory.class)) {
            ZooKeeperDirectory publishing = assertTimeoutPreemptively(NO_WAIT, () -> directory(ensemble.connectString()));
            closing.add(publishing.publish(local));
            UdpTestServer server = started();
            register("api", server);

            assertThat(publishing.isConnected()).isFalse();
            assertThat(publishing.endpoints("api")).isEmpty();
            // (the other WARNING of a directory without an ACL, that its znodes are world-writable, comes at once)
            await().atMost(SEEN).until(() -> unreachable(log).size() == 1);
            assertThat(unreachable(log).get(0)).contains("is not reachable after " + CONNECTION_TIMEOUT.toMillis() + " ms");

            ensemble.start();
            ZooKeeperDirectory reading = directory(ensemble.connectString());
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.endpoints("api").size() == 1);
            assertThat(publishing.isConnected()).isTrue();
            assertThat(unreachable(log)).hasSize(1);
        }
    }

    @Test
    void aReconnectionWhoseSessionSurvivedMakesNoEndpointDisappear() throws Exception {
        Ensemble ensemble = ensemble(true);
        // the publisher talks to the first server only, the reader to the two others
        ZooKeeperDirectory publishing = directory(ensemble.connectStringOf(0));
        ZooKeeperDirectory reading = directory(ensemble.connectStringOf(1) + "," + ensemble.connectStringOf(2));
        reading.addListener(recorder);
        closing.add(publishing.publish(local));
        UdpTestServer server = started();
        register("api", server);
        await().atMost(SEEN).until(() -> reading.endpoints("api").size() == 1);
        long session = publishing.curator().getZookeeperClient().getZooKeeper().getSessionId();

        ensemble.stop(0);
        await().atMost(SEEN).until(() -> !publishing.isConnected());
        ensemble.restart(0);
        await().atMost(SEEN).until(publishing::isConnected);

        assertThat(publishing.curator().getZookeeperClient().getZooKeeper().getSessionId())
                .as("the session survived").isEqualTo(session);
        UdpTestServer marker = started();
        register("marker", marker); // once the reader sees it, it has seen whatever the reconnection did before it
        await().atMost(SEEN).until(() -> reading.endpoints("marker").size() == 1);
        assertThat(recorder.about("api")).containsExactly("+api:" + server.boundPort());
        assertThat(reading.endpoints("api")).hasSize(1);
    }

    private static List<String> unreachable(LogCapture log) {
        return log.warnings().stream().filter(line -> line.contains("is not reachable")).toList();
    }
}
