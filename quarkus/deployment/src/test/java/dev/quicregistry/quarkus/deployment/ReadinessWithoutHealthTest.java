package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicServerRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.inject.Any;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without SmallRye Health, and without MicroProfile Health's API on the class path (as an
 * application without the extension): the application builds, no bean is a readiness check of
 * quic-registry, and the servers run.
 */
class ReadinessWithoutHealthTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AlphaServer.class))
            .overrideConfigKey("quic.server.alpha.host", "127.0.0.1");

    @Test
    void noCheckBeanButTheServerRuns() {
        assertThat(Thread.currentThread().getContextClassLoader().getResource("org/eclipse/microprofile/health/HealthCheck.class"))
                .as("MicroProfile Health's API is not on the class path").isNull();
        assertThat(Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE))
                .noneMatch(bean -> bean.getBeanClass().getName().startsWith("dev.quicregistry.health."));
        assertThat(Arc.container().instance(QuicServerRegistry.class).get().port("alpha")).isPresent();
    }
}
