package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.health.QuicServersHealthCheck;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.inject.Any;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without SmallRye Health, no check bean of any qualifier (the servers still run). */
class ReadinessWithoutHealthTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AlphaServer.class))
            .overrideConfigKey("quic.server.alpha.host", "127.0.0.1");

    @Test
    void noCheckBeanButTheServerRuns() {
        assertThat(Arc.container().select(QuicServersHealthCheck.class, Any.Literal.INSTANCE).isResolvable()).isFalse();
        assertThat(Arc.container().instance(QuicServerRegistry.class).get().port("alpha")).isPresent();
    }
}
