package dev.quicregistry.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.TestServer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The server whiteboard's bookkeeping, without a framework: the OSGi integration tests cover the wiring. */
class ServerWhiteboardTest {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final ServerWhiteboard whiteboard = new ServerWhiteboard(registry);

    @Test
    void aServiceIsRegisteredUnderItsNameWhileItIsThere() {
        TestServer server = TestServer.bound(4433);

        whiteboard.added(service(1, "alpha", server));
        assertThat(serverOf("alpha")).containsSame(server);
        assertThat(registry.port("alpha")).isEqualTo(OptionalInt.of(4433));

        whiteboard.removed(1);
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void aSecondServiceForATakenNameIsRefusedAndTheFirstStays() {
        TestServer first = TestServer.bound(1);

        whiteboard.added(service(1, "alpha", first));
        whiteboard.added(service(2, "alpha", TestServer.bound(2)));

        assertThat(serverOf("alpha")).containsSame(first);
    }

    @Test
    void whenTheHolderLeavesTheLongestWaitingServiceTakesOver() {
        TestServer longestWaiting = TestServer.bound(2);
        whiteboard.added(service(1, "alpha", TestServer.bound(1)));
        whiteboard.added(service(3, "alpha", TestServer.bound(3)));
        whiteboard.added(service(2, "alpha", longestWaiting));

        whiteboard.removed(1);

        assertThat(serverOf("alpha")).containsSame(longestWaiting);
    }

    @Test
    void aWaitingServiceThatLeavesChangesNothing() {
        TestServer holder = TestServer.bound(1);
        whiteboard.added(service(1, "alpha", holder));
        whiteboard.added(service(2, "alpha", TestServer.bound(2)));

        whiteboard.removed(2);
        whiteboard.removed(1);

        assertThat(registry.names()).isEmpty();
    }

    @Test
    void anEntryReplacedThroughTheRegistryStaysWhenTheWhiteboardServiceLeaves() {
        TestServer replacement = TestServer.bound(2);
        whiteboard.added(service(1, "alpha", TestServer.bound(1)));
        registry.register("alpha", replacement, 2, Map.of());

        whiteboard.removed(1);

        assertThat(serverOf("alpha")).containsSame(replacement);
    }

    @Test
    void changedPropertiesMoveTheServerToItsNewName() {
        TestServer server = TestServer.bound(1);
        whiteboard.added(service(1, "alpha", server));

        whiteboard.modified(service(1, "beta", server));

        assertThat(registry.names()).containsExactly("beta");
        assertThat(serverOf("beta")).containsSame(server);
    }

    @Test
    void aServiceWithBadPropertiesIsIgnored() {
        whiteboard.added(new ServerService(1, "service 1", Map.of("quic.server.name", "alpha", "quic.server.port", -1), TestServer.bound(1)));

        assertThat(registry.names()).isEmpty();
    }

    @Test
    void aSecretServicePropertyIsRegisteredOnlyMasked() {
        whiteboard.added(new ServerService(1, "service 1", Map.of("quic.server.name", "alpha",
                "quic.server.key-password", "hunter2", "quic.server.api-key", "k3y", "quic.server.Credentials", "c",
                "quic.server.alpn", "h3"), TestServer.bound(1)));

        assertThat(registry.lookup("alpha").orElseThrow().options()).containsOnly(Map.entry("key-password", "***"),
                Map.entry("api-key", "***"), Map.entry("Credentials", "***"), Map.entry("alpn", "h3"));
    }

    @Test
    void afterCloseNothingIsRegisteredAnyMore() {
        whiteboard.close();

        whiteboard.added(service(1, "alpha", TestServer.bound(1)));

        assertThat(registry.names()).isEmpty();
    }

    private Optional<QuicServer> serverOf(String name) {
        return registry.lookup(name).map(ServerInfo::server);
    }

    private static ServerService service(long id, String name, QuicServer server) {
        return new ServerService(id, "service " + id, Map.of("quic.server.name", name, "service.id", id), server);
    }
}
