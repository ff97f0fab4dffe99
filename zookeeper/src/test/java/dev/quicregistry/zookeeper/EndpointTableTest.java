package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.EndpointRemoved;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.zookeeper.EndpointTable.Znode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What each change of a znode under the base path does to a directory's endpoints and events, as
 * Curator's cache reports them (without ZooKeeper: the table is the cache's bookkeeping).
 */
class EndpointTableTest {

    private static final String BASE = "/quic-registry";
    private static final Instant AT = Instant.parse("2026-12-05T00:00:00Z");

    private final EndpointCodec codec = new EndpointCodec();
    private final List<DirectoryEvent> events = new ArrayList<>();
    /** What the cache holds now: the table reads it when a place comes free. */
    private final Map<String, byte[]> cached = new LinkedHashMap<>();
    private final LogCapture log = LogCapture.of(EndpointTable.class);

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private EndpointTable table(int maxEndpoints) {
        EndpointTable[] table = new EndpointTable[1];
        // as the cache does: the paths it knows, and a skipped znode's data read again (here at once)
        table[0] = new EndpointTable(BASE, codec, maxEndpoints, events::add, () -> List.copyOf(cached.keySet()).stream(),
                path -> table[0].seen(new Znode(path, cached.get(path))));
        return table[0];
    }

    private static ServerEndpoint endpoint(String name, String id, int port) {
        return new ServerEndpoint(name, id, "127.0.0.1", port, Map.of("alpn", "h3"), AT);
    }

    private Znode znode(ServerEndpoint endpoint) throws Exception {
        String path = BASE + "/" + endpoint.name() + "/" + endpoint.instanceId();
        byte[] data = codec.encode(endpoint);
        cached.put(path, data);
        return new Znode(path, data);
    }

    private static Znode foreign(String path, String data) {
        return new Znode(path, data == null ? null : data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEndpointZnodeIsListedUnderItsNameAndAnnounced() throws Exception {
        EndpointTable table = table(10);
        ServerEndpoint first = endpoint("api", "a", 4433);
        ServerEndpoint second = endpoint("api", "b", 4434);

        table.seen(znode(first));
        table.seen(znode(second));

        assertThat(table.endpointsOrNull("api")).containsExactly(first, second);
        assertThat(table.names()).containsExactly("api");
        assertThat(table.endpointsOrNull("other")).isNull();
        assertThat(events).containsExactly(new EndpointAdded(first), new EndpointAdded(second));
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void theSameDataWrittenAgainChangesNothingAndFiresNothing() throws Exception {
        EndpointTable table = table(10);
        ServerEndpoint endpoint = endpoint("api", "a", 4433);
        table.seen(znode(endpoint));

        table.seen(znode(endpoint));

        assertThat(events).containsExactly(new EndpointAdded(endpoint));
        assertThat(table.endpointsOrNull("api")).containsExactly(endpoint);
    }

    @Test
    void changedDataIsTheOldEndpointRemovedAndTheNewOneAdded() throws Exception {
        EndpointTable table = table(10);
        ServerEndpoint before = endpoint("api", "a", 4433);
        ServerEndpoint other = endpoint("api", "b", 4435);
        ServerEndpoint after = endpoint("api", "a", 4434);
        table.seen(znode(before));
        table.seen(znode(other));

        table.seen(znode(after));

        assertThat(table.endpointsOrNull("api")).containsExactly(other, after);
        assertThat(events).endsWith(new EndpointRemoved(before), new EndpointAdded(after));
    }

    @Test
    void aDeletedZnodeIsRemovedAndANameWithoutEndpointsIsGone() throws Exception {
        EndpointTable table = table(10);
        ServerEndpoint first = endpoint("api", "a", 4433);
        ServerEndpoint second = endpoint("api", "b", 4434);
        table.seen(znode(first));
        table.seen(znode(second));

        table.gone(BASE + "/api/a");
        assertThat(table.endpointsOrNull("api")).containsExactly(second);
        table.gone(BASE + "/api/b");
        table.gone(BASE + "/api/b");
        table.gone(BASE + "/api");

        assertThat(table.endpointsOrNull("api")).isNull();
        assertThat(table.names()).isEmpty();
        assertThat(events).endsWith(new EndpointRemoved(first), new EndpointRemoved(second));
        assertThat(events).hasSize(4);
    }

    @Test
    void znodesAboveOrBelowTheEndpointLevelAreNotEndpointsAndNotReported() {
        EndpointTable table = table(10);

        table.seen(foreign(BASE, "x"));
        table.seen(foreign(BASE + "/api", "x"));
        table.seen(foreign(BASE + "/api/a/deeper", "x"));
        table.seen(foreign("/", "x"));

        assertThat(table.names()).isEmpty();
        assertThat(events).isEmpty();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void aZnodeThatIsNotAnEndpointIsSkippedWithOneWarningHoweverOftenItChanges() {
        EndpointTable table = table(10);

        table.seen(foreign(BASE + "/api/x", "{ not json"));
        table.seen(foreign(BASE + "/api/x", "still not"));
        table.seen(foreign(BASE + "/api/empty", null));

        assertThat(table.names()).isEmpty();
        assertThat(events).isEmpty();
        assertThat(log.warnings()).hasSize(2);
        assertThat(log.warningTexts()).contains("skipping znode " + BASE + "/api/x: it is not an endpoint")
                .contains(BASE + "/api/empty");
    }

    @Test
    void anEndpointWhoseDataTurnsInvalidLeaves() throws Exception {
        EndpointTable table = table(10);
        ServerEndpoint endpoint = endpoint("api", "a", 4433);
        table.seen(znode(endpoint));

        table.seen(foreign(BASE + "/api/a", "{ broken"));

        assertThat(table.endpointsOrNull("api")).isNull();
        assertThat(events).containsExactly(new EndpointAdded(endpoint), new EndpointRemoved(endpoint));
    }

    @Test
    void beyondMaxEndpointsOneIsSkippedWithOneWarningAndTakenInWhenAPlaceComesFree() throws Exception {
        EndpointTable table = table(2);
        ServerEndpoint a = endpoint("a", "1", 1);
        ServerEndpoint b = endpoint("b", "1", 2);
        ServerEndpoint c = endpoint("c", "1", 3);
        ServerEndpoint d = endpoint("d", "1", 4);
        table.seen(znode(a));
        table.seen(znode(b));

        table.seen(znode(c));
        table.seen(znode(d));
        table.seen(znode(b)); // a known one is still updated while full

        assertThat(table.names()).containsExactlyInAnyOrder("a", "b");
        assertThat(log.warnings()).hasSize(1);
        assertThat(log.warningTexts()).contains("this directory holds 2 endpoints already");

        cached.remove(BASE + "/a/1");
        table.gone(BASE + "/a/1");

        assertThat(table.names()).hasSize(2).contains("b").containsAnyOf("c", "d");
        assertThat(events).contains(new EndpointRemoved(a));

        // full again: a new overflow is reported again
        table.seen(znode(endpoint("e", "1", 5)));
        assertThat(log.warnings()).hasSize(2);
    }

    @Test
    void aPlaceThatComesFreeTakesInNoForeignZnode() throws Exception {
        EndpointTable table = table(1);
        ServerEndpoint a = endpoint("a", "1", 1);
        table.seen(znode(a));
        cached.put(BASE + "/x/junk", "junk".getBytes(StandardCharsets.UTF_8));
        table.seen(foreign(BASE + "/x/junk", "junk"));
        table.seen(znode(endpoint("b", "1", 2))); // skipped: full

        cached.remove(BASE + "/a/1");
        table.gone(BASE + "/a/1");

        assertThat(table.names()).containsExactly("b");
        assertThat(log.warnings()).filteredOn(line -> line.contains("/x/junk")).hasSize(1);
    }

    @Test
    void aDirectoryAtTheRootPathSeesTheEndpointsTwoLevelsBelowIt() throws Exception {
        EndpointTable table = new EndpointTable("/", codec, 10, events::add, java.util.stream.Stream::empty, path -> { });
        ServerEndpoint endpoint = endpoint("api", "a", 4433);

        table.seen(new Znode("/api/a", codec.encode(endpoint)));
        table.seen(new Znode("/api", codec.encode(endpoint)));

        assertThat(table.endpointsOrNull("api")).containsExactly(endpoint);
        assertThat(events).containsExactly(new EndpointAdded(endpoint));
    }

    @Test
    void aZnodeDeletedWhileFullThatWasNotHeldFreesNoPlace() throws Exception {
        EndpointTable table = table(1);
        table.seen(znode(endpoint("a", "1", 1)));
        table.seen(znode(endpoint("b", "1", 2))); // skipped: full (one WARNING)

        cached.remove(BASE + "/b/1");
        table.gone(BASE + "/b/1"); // the skipped one leaves: the table is still full
        table.seen(znode(endpoint("c", "1", 3)));

        assertThat(table.names()).containsExactly("a");
        assertThat(log.warnings()).hasSize(1);
    }

    @Test
    void foreignZnodesAreRememberedForTheirOneWarningOnlyUpToTheBound() {
        EndpointTable table = table(2);

        for (String node : List.of("first", "second", "third", "first", "second", "third")) {
            table.seen(foreign(BASE + "/api/" + node, "not json"));
        }

        // two remembered, each warned once; the third, beyond what is remembered, is skipped unreported
        assertThat(log.warnings()).filteredOn(line -> line.contains("/first")).hasSize(1);
        assertThat(log.warnings()).filteredOn(line -> line.contains("/second")).hasSize(1);
        assertThat(log.warnings()).filteredOn(line -> line.contains("/third")).isEmpty();
    }

    @Test
    void foreignDataIsTakenInOnlyWhereItsPathAndItsJsonAgreeAndEveryFieldIsValid() throws Exception {
        EndpointTable table = table(10);
        String valid = new String(codec.encode(endpoint("api", "x", 4433)), StandardCharsets.UTF_8);
        Map<String, String> foreign = new LinkedHashMap<>();
        foreign.put("/api/other-id", valid);                                   // the path's id disagrees
        foreign.put("/web/x", valid);                                          // the path's name disagrees
        foreign.put("/api/null-id", valid.replace("\"id\":\"x\"", "\"id\":null"));
        foreign.put("/api/no-port", valid.replace("\"port\":4433", "\"port\":null"));
        foreign.put("/api/bad-port", valid.replace("\"port\":4433", "\"port\":70000"));
        foreign.put("/api/nested", valid.replace("\"alpn\":\"h3\"", "\"alpn\":{\"deep\":1}"));
        foreign.put("/api/secret", valid.replace("\"alpn\":\"h3\"", "\"api-key\":\"k\""));
        foreign.put("/api/large", valid.replace("\"alpn\":\"h3\"", "\"alpn\":\"" + "h".repeat(5 * 1024) + "\""));
        foreign.put("/api/json", "{ not json");
        assertThat(foreign.get("/api/null-id")).contains("\"id\":null"); // each replacement took place
        assertThat(foreign.get("/api/nested")).contains("\"alpn\":{");

        foreign.forEach((path, data) -> table.seen(foreign(BASE + path, data)));

        assertThat(table.names()).isEmpty();
        assertThat(events).isEmpty();
        assertThat(log.warnings()).hasSize(foreign.size());
        assertThat(log.at(java.util.logging.Level.WARNING)).allSatisfy(record -> assertThat(record.getThrown()).isNull());
        assertThat(log.warningTexts()).contains("its data names 'api/x', its path 'api/other-id'")
                .contains("its data names 'api/x', its path 'web/x'").contains("more than an endpoint's 4096");
        assertThat(log.errors()).isEmpty();
    }

    @Test
    void aForeignZnodeMadeAndDeletedAgainAndAgainIsReportedOnce() {
        EndpointTable table = table(10);

        for (int i = 0; i < 100; i++) {
            table.seen(foreign(BASE + "/api/x", "not json"));
            table.gone(BASE + "/api/x");
        }

        assertThat(log.warnings()).hasSize(1);
    }
}
