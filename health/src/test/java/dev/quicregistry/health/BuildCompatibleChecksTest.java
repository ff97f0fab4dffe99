package dev.quicregistry.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.cdi.QuicRegistryExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.lite.extension.translator.LiteExtensionTranslator;
import org.junit.jupiter.api.Test;

/**
 * The build-compatible path alone, as a CDI Lite container takes it: Weld runs
 * {@link HealthChecksBuildExtension} through its translator of build-compatible extensions, with
 * the portable {@link HealthChecksExtension} absent, and the {@code quic-servers} check is a bean.
 */
class BuildCompatibleChecksTest {

    /**
     * The extension as a CDI Lite container runs it. Weld, a full container, skips every
     * build-compatible extension marked {@code @SkipIfPortableExtensionPresent} whatever is
     * registered; the mark is not inherited, so this subclass runs, calling the extension's own
     * {@code @Discovery} method (Weld looks for the methods the class itself declares).
     */
    public static class AsInALiteContainer extends HealthChecksBuildExtension {
        @Override
        @Discovery
        public void addChecks(ScannedClasses classes) {
            super.addChecks(classes);
        }
    }

    @Test
    void theBuildCompatibleExtensionAloneAddsTheServersCheck() {
        try (WeldContainer container = new Weld("health-build-compatible").disableDiscovery()
                .addExtension(new QuicRegistryExtension())
                .addExtension(new LiteExtensionTranslator(List.of(AsInALiteContainer.class),
                        BuildCompatibleChecksTest.class.getClassLoader()))
                .initialize()) {
            assertThatThrownBy(() -> container.getBeanManager().getExtension(HealthChecksExtension.class))
                    .as("the portable extension is not there").isInstanceOf(IllegalArgumentException.class);

            var check = container.select(QuicServersHealthCheck.class, Readiness.Literal.INSTANCE);

            assertThat(check.isResolvable()).isTrue();
            assertThat(check.get().call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        }
    }
}
