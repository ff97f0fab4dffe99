package dev.quicregistry.health;

import dev.quicregistry.cdi.ConfigKeys;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Adds the readiness checks to a CDI application that has this jar, with or without bean
 * discovery (listed in {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}):
 * {@code quic-servers} always, {@code quic-directory} where {@code quic.registry.zookeeper.connect}
 * is configured, which is when quic-registry-cdi adds a directory.
 */
public class HealthChecksExtension implements Extension {

    private static final System.Logger LOG = System.getLogger(HealthChecksExtension.class.getName());

    /** Created by the container. */
    public HealthChecksExtension() {
    }

    void addChecks(@Observes BeforeBeanDiscovery event, BeanManager beans) {
        event.addAnnotatedType(beans.createAnnotatedType(QuicServersHealthCheck.class), QuicServersHealthCheck.class.getName());
        if (directoryConfigured()) {
            event.addAnnotatedType(beans.createAnnotatedType(QuicDirectoryHealthCheck.class),
                    QuicDirectoryHealthCheck.class.getName());
        }
    }

    /** Whether the application configures a cluster directory (quic-registry-cdi then adds one). */
    static boolean directoryConfigured() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(ConfigKeys.DIRECTORY_CONNECT, String.class)
                    .filter(connect -> !connect.isBlank()).isPresent();
        } catch (RuntimeException | LinkageError noConfig) {
            LOG.log(Level.DEBUG, () -> "no MicroProfile Config: no directory, no quic-directory check (" + noConfig + ")");
            return false;
        }
    }
}
