package dev.quicregistry.osgitests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The registries are services of the osgi bundle, found through the service registry, and they work.
 *
 * <p>The tests share one framework, booted once for the class; each test gets a probe bundle of its
 * own. After each test the probe is uninstalled ({@link OsgiFramework#reset()}, which also checks
 * that the bundles of the boot are as they were) and what is left in the registries is unregistered,
 * so every test starts with both registries empty.
 */
@TestInstance(Lifecycle.PER_CLASS)
class RegistryServicesIT {

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
    void bothRegistriesAreServicesOfTheOsgiBundle() {
        for (String service : new String[] {"dev.quicregistry.api.QuicServerRegistry", "dev.quicregistry.api.ConnectionRegistry"}) {
            osgi.service(service);
            assertThat(osgi.serviceReference(service)).as(service).hasValueSatisfying(reference ->
                    assertThat(reference.getBundle().getSymbolicName()).isEqualTo("quic-registry-osgi"));
        }
    }

    @Test
    void theServerRegistryServiceRegistersAServerAndForgetsItWhenItTerminates() throws Exception {
        AutoCloseable server = probe.server(4433);

        registries.register("direct", server, 4433, Map.of("alpn", "h3"));

        assertThat(registries.names()).containsExactly("direct");
        assertThat(registries.server("direct")).containsSame(server);
        assertThat(registries.port("direct")).isEqualTo(OptionalInt.of(4433));
        assertThat(registries.options("direct")).contains(Map.of("alpn", "h3"));

        server.close();

        assertThat(registries.names()).isEmpty();
    }

    @Test
    void theConnectionRegistryServiceResolvesHandlesToTheCurrentTransport() {
        registries.registerConnection("session-1", "first transport");

        assertThat(registries.replaceTransport("session-1", "second transport")).isTrue();

        assertThat(registries.currentTransport("session-1")).contains("second transport");
    }
}
