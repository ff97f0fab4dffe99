package dev.quicregistry.cdi;

import java.time.Duration;
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
 */
record DirectorySettings(String connect, String basePath, Optional<Duration> sessionTimeout, Optional<String> advertisedHost) {

    /** The prefix of the directory's keys. */
    static final String PREFIX = "quic.registry.zookeeper.";
    /** The key whose presence turns the directory on. */
    static final String CONNECT = QuicRegistryExtension.DIRECTORY_CONNECT_KEY;
    /** The base path where configuration names none. */
    static final String DEFAULT_BASE_PATH = "/quic-registry";

    DirectorySettings {
        Objects.requireNonNull(connect, "connect must not be null");
        Objects.requireNonNull(basePath, "basePath must not be null");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout must not be null");
        Objects.requireNonNull(advertisedHost, "advertisedHost must not be null");
    }
}
