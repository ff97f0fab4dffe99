package dev.quicregistry.osgitests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.osgi.framework.ServiceRegistration;

/**
 * The listener whiteboard: every {@code RegistryListener} service receives the events of both registries.
 *
 * <p>The tests share one framework, booted once for the class; each test gets a probe bundle of its
 * own. After each test the probe is uninstalled ({@link OsgiFramework#reset()}, which also checks
 * that the bundles of the boot are as they were), which takes its listeners and servers away, and
 * then what is left in the registries is unregistered, so every test starts with both registries
 * empty and no listener. The test that stops the osgi bundle boots a framework of its own.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ListenerWhiteboardIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private OsgiFramework osgi;
    private Probe probe;
    private RegistryServices registries;

    @BeforeAll
    void boot() throws Exception {
        osgi = OsgiFramework.launch(getClass().getSimpleName());
        registries = new RegistryServices(osgi);
    }

    @BeforeEach
    void installProbe() throws Exception {
        probe = Probe.install(osgi);
    }

    @AfterEach
    void reset() throws Exception {
        osgi.reset();
        registries.clear();
    }

    @AfterAll
    void shutDown() {
        osgi.close();
    }

    @Test
    void aListenerServiceReceivesTheEventsOfBothRegistries() {
        Supplier<List<String>> received = probe.registerListener();

        ServiceRegistration<?> server = probe.registerServer(probe.server(4433), Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));
        registries.registerConnection("session-1", "transport");
        server.unregister();

        await().atMost(BOUND).untilAsserted(() -> assertThat(received.get()).containsExactly(
                "ServerRegistered alpha port=4433",
                "ConnectionRegistered session-1",
                "ServerUnregistered alpha UNREGISTERED"));
    }

    @Test
    void everyListenerServiceReceivesEachEvent() {
        Supplier<List<String>> first = probe.registerListener();
        Supplier<List<String>> second = probe.registerListener();

        registries.registerConnection("session-1", "transport");

        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(first.get()).containsExactly("ConnectionRegistered session-1");
            assertThat(second.get()).containsExactly("ConnectionRegistered session-1");
        });
    }

    @Test
    void aListenerServiceThatWentAwayReceivesNothingMore() {
        Map.Entry<ServiceRegistration<?>, Supplier<List<String>>> gone = probe.registerListenerService();
        Supplier<List<String>> staying = probe.registerListener();
        registries.registerConnection("session-1", "transport");

        gone.getKey().unregister();
        registries.registerConnection("session-2", "transport");

        await().atMost(BOUND).untilAsserted(() -> assertThat(staying.get())
                .containsExactly("ConnectionRegistered session-1", "ConnectionRegistered session-2"));
        assertThat(gone.getValue().get()).containsExactly("ConnectionRegistered session-1");
    }

    /**
     * Stopping the osgi bundle would take the registries away from the tests that share the class's
     * framework, so this test boots a framework of its own: its {@code osgi}, {@code probe} and
     * {@code registries} are that framework's (they hide the shared ones, which it leaves alone).
     */
    @Test
    void stoppingTheOsgiBundleUnregistersEverythingBeforeLettingTheListenersGo() throws Exception {
        try (OsgiFramework osgi = OsgiFramework.launch(getClass().getSimpleName() + "-stoppingTheOsgiBundle")) {
            Probe probe = Probe.install(osgi);
            RegistryServices registries = new RegistryServices(osgi);
            Supplier<List<String>> received = probe.registerListener();
            probe.registerServer(probe.server(4433), Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
            registries.registerConnection("session-1", "transport");
            await().atMost(BOUND).until(() -> received.get().size() == 2);

            osgi.bundle("quic-registry-osgi").stop();

            // the two components are deactivated in an order SCR chooses
            assertThat(received.get()).hasSize(4)
                    .startsWith("ServerRegistered alpha port=4433", "ConnectionRegistered session-1")
                    .contains("ServerUnregistered alpha UNREGISTERED", "ConnectionUnregistered session-1");
            assertThat(osgi.serviceReference("dev.quicregistry.api.QuicServerRegistry")).isEmpty();
            assertThat(osgi.serviceReference("dev.quicregistry.api.ConnectionRegistry")).isEmpty();
        }
    }
}
