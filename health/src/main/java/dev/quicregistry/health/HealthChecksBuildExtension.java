package dev.quicregistry.health;

import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;

/**
 * The readiness checks in a CDI Lite container (listed in
 * {@code META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}):
 * what {@link HealthChecksExtension} adds in a full container, which skips this one. Where the
 * application has no MicroProfile Health, it adds nothing (a check would not even load). Under
 * Quarkus the extension quic-registry-quarkus decides by the health capability as well.
 */
@SkipIfPortableExtensionPresent(HealthChecksExtension.class)
public class HealthChecksBuildExtension implements BuildCompatibleExtension {

    /** Created by the container. */
    public HealthChecksBuildExtension() {
    }

    @Discovery
    public void addChecks(ScannedClasses classes) {
        if (!healthApiPresent()) {
            return;
        }
        classes.add(QuicServersHealthCheck.class.getName());
        if (HealthChecksExtension.directoryConfigured()) {
            classes.add(QuicDirectoryHealthCheck.class.getName());
        }
    }

    private static boolean healthApiPresent() {
        try {
            Class.forName("org.eclipse.microprofile.health.HealthCheck", false, HealthChecksBuildExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
