package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.health.QuicServersHealthCheck;
import io.quarkus.arc.Arc;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With quarkus-smallrye-health, the application has the {@code quic-servers} readiness check, UP with the bound port. */
class ReadinessWithHealthTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AlphaServer.class))
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-smallrye-health", System.getProperty("quarkus.version"))))
            .overrideConfigKey("quic.server.alpha.host", "127.0.0.1")
            .overrideConfigKey("quarkus.http.host", "127.0.0.1")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Test
    void theServersCheckIsABeanAndUpWithThePort() {
        var check = Arc.container().instance(QuicServersHealthCheck.class, Readiness.Literal.INSTANCE);
        assertThat(check.isAvailable()).isTrue();

        HealthCheckResponse response = check.get().call();

        assertThat(response.getName()).isEqualTo("quic-servers");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data).containsKey("alpha.port"));
    }
}
