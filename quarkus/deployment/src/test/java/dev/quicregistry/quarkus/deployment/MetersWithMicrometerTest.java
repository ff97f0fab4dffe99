package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With quarkus-micrometer (here with its Prometheus registry), the registries' meters are in the application's MeterRegistry. */
class MetersWithMicrometerTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AlphaServer.class))
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-micrometer-registry-prometheus", System.getProperty("quarkus.version"))))
            .overrideConfigKey("quic.server.alpha.host", "127.0.0.1")
            .overrideConfigKey("quarkus.http.host", "127.0.0.1")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Test
    void theServersRegisteredGaugeCountsTheServer() {
        MeterRegistry meters = Arc.container().instance(MeterRegistry.class).get();

        Gauge registered = meters.find("quic.servers.registered").gauge();

        assertThat(registered).isNotNull();
        assertThat(registered.value()).isEqualTo(1.0);
        assertThat(meters.find("quic.server.connections").tag("server", "alpha").gauge()).isNotNull();
    }
}
