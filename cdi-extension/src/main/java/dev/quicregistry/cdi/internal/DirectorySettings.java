package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.support.Secrets;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster directory's configuration ({@code quic.registry.zookeeper.*}), present only where
 * {@code connect} is set.
 *
 * @param connect the ensemble's connect string
 * @param basePath the znode under which endpoints live
 * @param sessionTimeout the session timeout asked for, where configured
 * @param advertisedHost the host published for servers bound to a wildcard address, where configured
 * @param authorization the ZooKeeper authorization (scheme and credentials), where configured
 * @param attributes option keys published as attributes besides {@code alpn}
 */
public record DirectorySettings(String connect, String basePath, Optional<Duration> sessionTimeout, Optional<String> advertisedHost,
                                Optional<Authorization> authorization, List<String> attributes) {

    /** A ZooKeeper authorization: its {@code toString()} never shows the credentials. */
    public record Authorization(String scheme, String credentials) {
        public Authorization {
            Objects.requireNonNull(scheme, "scheme must not be null");
            Objects.requireNonNull(credentials, "credentials must not be null");
        }

        @Override
        public String toString() {
            return "Authorization[scheme=" + scheme + ", credentials=" + Secrets.MASK + "]";
        }
    }

    /** The prefix of the directory's keys. */
    public static final String PREFIX = ConfigKeys.DIRECTORY_PREFIX;
    /** The key whose presence turns the directory on. */
    public static final String CONNECT = ConfigKeys.DIRECTORY_CONNECT;
    /** The base path where configuration names none. */
    public static final String DEFAULT_BASE_PATH = "/quic-registry";

    public DirectorySettings {
        Objects.requireNonNull(connect, "connect must not be null");
        Objects.requireNonNull(basePath, "basePath must not be null");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout must not be null");
        Objects.requireNonNull(advertisedHost, "advertisedHost must not be null");
        Objects.requireNonNull(authorization, "authorization must not be null");
        attributes = List.copyOf(attributes);
    }

    /**
     * Starts the directory these settings describe; it connects in the background, so a ZooKeeper
     * that is down delays nothing here.
     *
     * @throws DeploymentException where quic-registry-zookeeper is missing or a setting is refused
     */
    public QuicServerDirectory start() {
        try {
            return DirectoryLauncher.start(this);
        } catch (LinkageError e) {
            throw new DeploymentException(CONNECT + "=" + connect
                    + " is set, but quic-registry-zookeeper (with Apache Curator) is not on the class path; missing: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException("the cluster directory's configuration (" + PREFIX + "*): " + e.getMessage(), e);
        }
    }
}
