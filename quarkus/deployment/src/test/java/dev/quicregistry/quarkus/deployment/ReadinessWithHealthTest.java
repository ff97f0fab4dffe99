package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.inject.Any;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With quarkus-smallrye-health, the application has the {@code quic-servers} readiness check, UP
 * with the bound port. The check is reached by name: MicroProfile Health's API is on this module's
 * class path only through the extension the test adds (so the test without it sees what an
 * application without it sees).
 */
class ReadinessWithHealthTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AlphaServer.class))
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-smallrye-health", System.getProperty("quarkus.version"))))
            .overrideConfigKey("quic.server.alpha.host", "127.0.0.1")
            .overrideConfigKey("quarkus.http.host", "127.0.0.1")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Test
    void theServersCheckIsABeanAndUpWithThePort() throws Exception {
        Class<?> checkType = Class.forName("dev.quicregistry.health.QuicServersHealthCheck", true,
                Thread.currentThread().getContextClassLoader());
        var check = Arc.container().select(checkType, Any.Literal.INSTANCE);
        assertThat(check.isResolvable()).isTrue();

        Object response = checkType.getMethod("call").invoke(check.get());
        Class<?> responseType = Class.forName("org.eclipse.microprofile.health.HealthCheckResponse", true,
                Thread.currentThread().getContextClassLoader());

        assertThat(responseType.getMethod("getName").invoke(response)).isEqualTo("quic-servers");
        assertThat(responseType.getMethod("getStatus").invoke(response)).hasToString("UP");
        Optional<?> data = (Optional<?>) responseType.getMethod("getData").invoke(response);
        assertThat(data.map(values -> ((Map<?, ?>) values).containsKey("alpha.port"))).hasValue(true);
    }
}
