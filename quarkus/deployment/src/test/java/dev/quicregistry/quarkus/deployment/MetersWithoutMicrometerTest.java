package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.micrometer.MetricsBinding;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without Micrometer's extension, no binding bean. */
class MetersWithoutMicrometerTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AlphaServer.class))
            .overrideConfigKey("quic.server.alpha.host", "127.0.0.1");

    @Test
    void noBindingBean() {
        assertThat(Arc.container().instance(MetricsBinding.class).isAvailable()).isFalse();
    }
}
