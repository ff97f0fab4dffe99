package dev.quicregistry.micrometer;

import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;

/**
 * Adds {@link MetricsBinding} in a CDI Lite container (listed in
 * {@code META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}):
 * what {@link MetricsExtension} adds in a full container, which skips this one. The binding binds
 * where the application has a {@code MeterRegistry} bean. Under Quarkus the extension
 * quic-registry-quarkus keeps it only where the application has Micrometer's extension.
 */
@SkipIfPortableExtensionPresent(MetricsExtension.class)
public class MetricsBuildExtension implements BuildCompatibleExtension {

    /** Created by the container. */
    public MetricsBuildExtension() {
    }

    @Discovery
    public void addBinding(ScannedClasses classes) {
        classes.add(MetricsBinding.class.getName());
    }
}
