package dev.quicregistry.health;

import dev.quicregistry.cdi.ConfigKeys;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.Extension;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Adds the readiness checks to a CDI application that has this jar, with or without bean
 * discovery (listed in {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}):
 * {@code quic-servers} always (found by scanning where the container scans this jar, a bean
 * archive; added otherwise), {@code quic-directory} where {@code quic.registry.zookeeper.connect}
 * is configured, which is when quic-registry-cdi adds a directory.
 */
public class HealthChecksExtension implements Extension {

    private static final System.Logger LOG = System.getLogger(HealthChecksExtension.class.getName());

    /** Written by the container's bootstrap thread, in the order of its events. */
    private boolean serversCheckFound;

    /** Created by the container. */
    public HealthChecksExtension() {
    }

    /** The servers' check was found by scanning this jar (a bean archive): it is not added again. */
    void serversCheckScanned(@Observes ProcessAnnotatedType<QuicServersHealthCheck> type) {
        serversCheckFound = true;
    }

    /**
     * After scanning (which finds the servers' check where the container scans this jar), adds what
     * it did not find: the servers' check in a container that does not scan it, and the directory's
     * check where a directory is configured.
     */
    void addChecks(@Observes AfterTypeDiscovery event, BeanManager beans) {
        if (!serversCheckFound) {
            event.addAnnotatedType(beans.createAnnotatedType(QuicServersHealthCheck.class), QuicServersHealthCheck.class.getName());
        }
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
