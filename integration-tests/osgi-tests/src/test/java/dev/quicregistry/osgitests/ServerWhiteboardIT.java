package dev.quicregistry.osgitests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The server whiteboard: a {@code QuicServer} service with {@code quic.server.name} is registered
 * under that name while the service is there. The services are the probe bundle's, registered
 * through its context, so stopping the probe takes them away as for any bundle.
 *
 * <p>The tests share one framework, booted once for the class; each test gets a probe bundle of its
 * own (which it may stop) and records the log from its start. After each test the probe is
 * uninstalled ({@link OsgiFramework#reset()}, which also checks that the bundles of the boot are as
 * they were): its services go, and with them every name they held or waited for; then what is left
 * in the registries is unregistered, so every test starts with an empty registry and a whiteboard
 * that holds no name.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ServerWhiteboardIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private OsgiFramework osgi;
    private Probe probe;
    private RegistryServices registries;
    private LogCapture log;

    @BeforeAll
    void boot() throws Exception {
        osgi = OsgiFramework.launch(getClass().getSimpleName());
        registries = new RegistryServices(osgi);
    }

    @BeforeEach
    void installProbe() throws Exception {
        log = LogCapture.under("dev.quicregistry");
        probe = Probe.install(osgi);
    }

    @AfterEach
    void reset() throws Exception {
        try {
            osgi.reset();
            registries.clear();
        } finally {
            log.close();
        }
    }

    @AfterAll
    void shutDown() {
        osgi.close();
    }

    @Test
    void aServerServiceNamedAlphaIsRegisteredUnderAlphaWithItsPortAndOptions() {
        Object server = probe.server(4433);

        probe.registerServer(server, Map.of("quic.server.name", "alpha", "quic.server.port", 4433, "quic.server.alpn", "h3"));

        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));
        assertThat(registries.server("alpha")).containsSame(server);
        assertThat(registries.port("alpha")).isEqualTo(OptionalInt.of(4433));
        assertThat(registries.options("alpha")).contains(Map.of("alpn", "h3"));
    }

    @Test
    void aServerServiceWithoutAPortIsRegisteredWithTheOneItIsBoundTo() {
        probe.registerServer(probe.server(5001), Map.of("quic.server.name", "alpha"));

        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));
        assertThat(registries.port("alpha")).isEqualTo(OptionalInt.of(5001));
    }

    @Test
    void unregisteringTheServiceUnregistersTheServer() {
        ServiceRegistration<?> service = probe.registerServer(probe.server(4433), Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));

        service.unregister();

        await().atMost(BOUND).until(() -> registries.names().isEmpty());
    }

    @Test
    void stoppingTheBundleOfTheServiceUnregistersTheServer() throws Exception {
        probe.registerServer(probe.server(4433), Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));

        probe.bundle().stop();

        await().atMost(BOUND).until(() -> registries.names().isEmpty());
    }

    @Test
    void renamingTheServiceMovesTheServerToTheNewName() {
        Object server = probe.server(4433);
        ServiceRegistration<?> service = probe.registerServer(server, Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));

        service.setProperties(Probe.dictionary(Map.of("quic.server.name", "beta", "quic.server.port", 4434)));

        await().atMost(BOUND).until(() -> registries.names().contains("beta"));
        assertThat(registries.names()).containsExactly("beta");
        assertThat(registries.server("beta")).containsSame(server);
        assertThat(registries.port("beta")).isEqualTo(OptionalInt.of(4434));
    }

    @Test
    void aSecondServiceWithTheSameNameIsRefusedWithAnErrorNamingBothAndTheFirstStays() {
        Object first = probe.server(4433);
        ServiceRegistration<?> firstService = probe.registerServer(first, Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));

        ServiceRegistration<?> secondService = probe.registerServer(probe.server(4434), Map.of("quic.server.name", "alpha", "quic.server.port", 4434));

        String bundle = "of bundle " + probe.bundle().getBundleId();
        await().atMost(BOUND).untilAsserted(() -> assertThat(log.errors()).anySatisfy(error -> assertThat(error)
                .contains("QuicServer service " + serviceId(secondService) + " " + bundle + " is refused")
                .contains("quic.server.name=alpha")
                .contains("QuicServer service " + serviceId(firstService) + " " + bundle)));
        assertThat(registries.server("alpha")).containsSame(first);
        assertThat(registries.port("alpha")).isEqualTo(OptionalInt.of(4433));
    }

    @Test
    void whenTheHolderOfANameGoesAwayTheServiceWaitingForItTakesOver() {
        ServiceRegistration<?> firstService = probe.registerServer(probe.server(4433), Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));
        Object second = probe.server(4434);
        probe.registerServer(second, Map.of("quic.server.name", "alpha", "quic.server.port", 4434));

        firstService.unregister();

        await().atMost(BOUND).until(() -> registries.server("alpha").filter(server -> server == second).isPresent());
        assertThat(registries.port("alpha")).isEqualTo(OptionalInt.of(4434));
    }

    @Test
    void aServiceWithABadNameIsLoggedWithThePropertyAndIgnored() {
        probe.registerServer(probe.server(4433), Map.of("quic.server.name", "no spaces", "quic.server.port", 4433));
        probe.registerServer(probe.server(4434), Map.of("quic.server.name", "marker", "quic.server.port", 4434));

        await().atMost(BOUND).until(() -> registries.names().contains("marker"));
        assertThat(registries.names()).containsExactly("marker");
        assertThat(log.errors()).anySatisfy(error -> assertThat(error)
                .contains("is ignored")
                .contains("quic.server.name=no spaces is not a server name"));
    }

    @Test
    void aServiceWithABadPortIsLoggedWithThePropertyAndIgnored() {
        probe.registerServer(probe.server(4433), Map.of("quic.server.name", "alpha", "quic.server.port", 70000));
        probe.registerServer(probe.server(4434), Map.of("quic.server.name", "marker", "quic.server.port", 4434));

        await().atMost(BOUND).until(() -> registries.names().contains("marker"));
        assertThat(registries.names()).containsExactly("marker");
        assertThat(log.errors()).anySatisfy(error -> assertThat(error)
                .contains("is ignored")
                .contains("quic.server.port=70000 (a Integer) is not a port (0..65535)"));
    }

    @Test
    void aServerThatTerminatesLeavesTheRegistryWhileItsServiceStays() throws Exception {
        AutoCloseable server = probe.server(4433);
        probe.registerServer(server, Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));

        server.close();

        assertThat(registries.names()).isEmpty();
    }

    @Test
    void aServiceWithADrainTimeoutThatGoesAwayIsDrainedWithThatGraceBeforeItsEntryGoes() throws Exception {
        Supplier<List<String>> events = probe.registerListener();
        AutoCloseable server = probe.server(4433);
        ServiceRegistration<?> service = probe.registerServer(server,
                Map.of("quic.server.name", "alpha", "quic.server.port", 4433, "quic.server.drain-timeout", "2s"));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));

        service.unregister();

        await().atMost(BOUND).until(() -> registries.names().isEmpty());
        assertThat(server.getClass().getMethod("drains").invoke(server)).isEqualTo(List.of(Duration.ofSeconds(2)));
        await().atMost(BOUND).untilAsserted(() -> assertThat(events.get())
                .containsSubsequence("ServerDraining alpha", "ServerUnregistered alpha DRAINED"));
    }

    @Test
    void aServiceWithoutADrainTimeoutThatGoesAwayIsUnregisteredWithoutADrain() throws Exception {
        Supplier<List<String>> events = probe.registerListener();
        AutoCloseable server = probe.server(4433);
        ServiceRegistration<?> service = probe.registerServer(server, Map.of("quic.server.name", "alpha", "quic.server.port", 4433));
        await().atMost(BOUND).until(() -> registries.names().contains("alpha"));

        service.unregister();

        await().atMost(BOUND).until(() -> registries.names().isEmpty());
        assertThat(server.getClass().getMethod("drains").invoke(server)).isEqualTo(List.of());
        await().atMost(BOUND).untilAsserted(() -> assertThat(events.get()).contains("ServerUnregistered alpha UNREGISTERED"));
        assertThat(events.get()).doesNotContain("ServerDraining alpha");
    }

    private static Object serviceId(ServiceRegistration<?> registration) {
        return registration.getReference().getProperty(Constants.SERVICE_ID);
    }
}
