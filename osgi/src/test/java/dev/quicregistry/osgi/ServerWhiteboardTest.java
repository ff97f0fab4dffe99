package dev.quicregistry.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.testing.UdpTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The server whiteboard's bookkeeping, without a framework: the OSGi integration tests cover the wiring. */
class ServerWhiteboardTest {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final ServerWhiteboard whiteboard = new ServerWhiteboard(registry);
    private final List<String> events = new CopyOnWriteArrayList<>();

    ServerWhiteboardTest() {
        registry.addListener(event -> {
            if (event instanceof ServerRegistered e) {
                events.add("+" + e.server().name());
            } else if (event instanceof ServerDraining e) {
                events.add("~" + e.server().name());
            } else if (event instanceof ServerUnregistered e) {
                events.add("-" + e.server().name() + " " + e.reason());
            }
        });
    }

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

    @Test
    void withoutADrainTimeoutAServiceThatGoesIsOnlyUnregisteredAndItsServerKeepsRunning() {
        TestServer server = TestServer.bound(4433);
        whiteboard.added(service(1, "alpha", server));

        whiteboard.removed(1);

        assertThat(events).containsExactly("+alpha", "-alpha UNREGISTERED");
        assertThat(server.drains()).isEmpty();
        assertThat(server.isTerminated()).isFalse();
    }

    @Test
    void aServiceWithADrainTimeoutIsDrainedThroughTheRegistryWhenItGoes() {
        List<String> whileDraining = new CopyOnWriteArrayList<>();
        TestServer server = TestServer.bound(4433).whileDraining(() -> whileDraining.add(
                registry.isDraining("alpha") + " " + serverOf("alpha").map(Object::toString).orElse("none")));
        whiteboard.added(draining(1, "alpha", "5s", server));
        assertThat(registry.lookup("alpha").orElseThrow().options()).doesNotContainKey("drain-timeout");

        whiteboard.removed(1);

        assertThat(server.drains()).containsExactly(Duration.ofSeconds(5));
        assertThat(whileDraining).containsExactly("true " + server);
        assertThat(events).containsExactly("+alpha", "~alpha", "-alpha DRAINED");
        assertThat(server.isTerminated()).isTrue();
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void aDrainTimeoutOfZeroDrainsWithNoGrace() {
        TestServer server = TestServer.bound(4433);
        whiteboard.added(draining(1, "alpha", "PT0S", server));

        whiteboard.removed(1);

        assertThat(server.drains()).containsExactly(Duration.ZERO);
        assertThat(events).containsExactly("+alpha", "~alpha", "-alpha DRAINED");
    }

    @Test
    void theLongestWaitingServiceTakesOverOnlyOnceTheDrainedEntryIsGone() {
        TestServer waiting = TestServer.bound(2);
        List<Optional<QuicServer>> registeredWhileDraining = new CopyOnWriteArrayList<>();
        TestServer holder = TestServer.bound(1).whileDraining(() -> registeredWhileDraining.add(serverOf("alpha")));
        whiteboard.added(draining(1, "alpha", "PT1S", holder));
        whiteboard.added(service(2, "alpha", waiting));

        whiteboard.removed(1);

        assertThat(registeredWhileDraining).containsExactly(Optional.of(holder));
        assertThat(events).containsExactly("+alpha", "~alpha", "-alpha DRAINED", "+alpha");
        assertThat(serverOf("alpha")).containsSame(waiting);
    }

    @Test
    void changedPropertiesMoveAServerWithADrainTimeoutWithoutDrainingIt() {
        TestServer server = TestServer.bound(1);
        whiteboard.added(draining(1, "alpha", "5s", server));

        whiteboard.modified(draining(1, "beta", "5s", server));

        assertThat(server.drains()).isEmpty();
        assertThat(server.isTerminated()).isFalse();
        assertThat(events).containsExactly("+alpha", "-alpha UNREGISTERED", "+beta");
        assertThat(serverOf("beta")).containsSame(server);
    }

    @Test
    void aServerWhoseEntryWasReplacedThroughTheRegistryIsDrainedByItselfAndTheReplacementStays() {
        TestServer server = TestServer.bound(1);
        TestServer replacement = TestServer.bound(2);
        whiteboard.added(draining(1, "alpha", "5s", server));
        registry.register("alpha", replacement, 2, Map.of());

        whiteboard.removed(1);

        assertThat(server.drains()).containsExactly(Duration.ofSeconds(5));
        assertThat(server.isTerminated()).isTrue();
        assertThat(events).doesNotContain("~alpha");
        assertThat(serverOf("alpha")).containsSame(replacement);
        assertThat(replacement.drains()).isEmpty();
    }

    @Test
    void aDrainThatThrowsIsLoggedAndTheServerIsClosedAndUnregistered() throws Exception {
        IllegalStateException failure = new IllegalStateException("drain failed");
        UdpTestServer server = new UdpTestServer() {
            @Override
            public void drain(Duration grace) {
                throw failure;
            }
        };
        server.start(ServerSettings.of("127.0.0.1", 0));
        whiteboard.added(draining(1, "alpha", "5s", server));

        try (LogCapture log = LogCapture.of(ServerWhiteboard.class)) {
            whiteboard.removed(1);

            assertThat(log.at(Level.WARNING)).singleElement().satisfies(record -> {
                assertThat(record.getMessage()).isEqualTo("draining quic.server.name=alpha of service 1 failed; closing it");
                assertThat(record.getThrown()).isSameAs(failure);
            });
        }
        assertThat(server.isTerminated()).isTrue();
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void aServiceWithABadDrainTimeoutIsIgnoredWithAnErrorNamingThePropertyAndTheValue() {
        try (LogCapture log = LogCapture.of(ServerWhiteboard.class)) {
            whiteboard.added(draining(1, "alpha", "soon", TestServer.bound(1)));

            assertThat(log.errors()).singleElement().asString()
                    .startsWith("service 1 is ignored: quic.server.drain-timeout=soon is not 0 (close at once) or a positive duration");
        }
        assertThat(registry.names()).isEmpty();
    }

    private Optional<QuicServer> serverOf(String name) {
        return registry.lookup(name).map(ServerInfo::server);
    }

    private static ServerService service(long id, String name, QuicServer server) {
        return new ServerService(id, "service " + id, Map.of("quic.server.name", name, "service.id", id), server);
    }

    private static ServerService draining(long id, String name, String drainTimeout, QuicServer server) {
        return new ServerService(id, "service " + id, Map.of("quic.server.name", name, "service.id", id,
                "quic.server.drain-timeout", drainTimeout), server);
    }
}
