package dev.quicregistry.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.cdi.QuicRegistryExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.lite.extension.translator.LiteExtensionTranslator;
import org.junit.jupiter.api.Test;

/**
 * The build-compatible path alone, as a CDI Lite container takes it: Weld runs
 * {@link MetricsBuildExtension} through its translator, with the portable {@link MetricsExtension}
 * absent, and the registries' meters are bound to the application's {@code MeterRegistry}.
 */
class BuildCompatibleBindingTest {

    /** The application's meter registry. */
    @ApplicationScoped
    static class Meters {
        @Produces
        @ApplicationScoped
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    /**
     * The extension as a CDI Lite container runs it. Weld, a full container, skips every
     * build-compatible extension marked {@code @SkipIfPortableExtensionPresent} whatever is
     * registered; the mark is not inherited, so this subclass runs, calling the extension's own
     * {@code @Discovery} method (Weld looks for the methods the class itself declares).
     */
    public static class AsInALiteContainer extends MetricsBuildExtension {
        @Override
        @Discovery
        public void addBinding(ScannedClasses classes) {
            super.addBinding(classes);
        }
    }

    @Test
    void theBuildCompatibleExtensionAloneBindsTheMeters() {
        try (WeldContainer container = new Weld("micrometer-build-compatible").disableDiscovery()
                .addExtension(new QuicRegistryExtension())
                .addExtension(new LiteExtensionTranslator(List.of(AsInALiteContainer.class),
                        BuildCompatibleBindingTest.class.getClassLoader()))
                .addBeanClasses(Meters.class)
                .initialize()) {
            assertThatThrownBy(() -> container.getBeanManager().getExtension(MetricsExtension.class))
                    .as("the portable extension is not there").isInstanceOf(IllegalArgumentException.class);

            MeterRegistry meters = container.select(MeterRegistry.class).get();

            assertThat(meters.find("quic.servers.registered").gauge()).isNotNull();
        }
    }
}
