package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.nio.charset.StandardCharsets;

/**
 * Starts the ZooKeeper directory from its configuration. The only class of the extension that
 * names {@code quic-registry-zookeeper} (an optional dependency): it is loaded only where
 * {@code quic.registry.zookeeper.connect} is set, so without it nothing of ZooKeeper is loaded.
 */
public final class DirectoryLauncher {

    private DirectoryLauncher() {
    }

    /**
     * A started directory; it connects in the background.
     *
     * @throws IllegalArgumentException where a setting is not what the directory accepts
     * @throws LinkageError where quic-registry-zookeeper (or Curator) is not on the class path
     */
    public static QuicServerDirectory start(DirectorySettings settings) {
        ZooKeeperDirectory.Builder builder = ZooKeeperDirectory.builder()
                .connectString(settings.connect())
                .basePath(settings.basePath());
        settings.sessionTimeout().ifPresent(builder::sessionTimeout);
        settings.advertisedHost().ifPresent(builder::advertisedHost);
        settings.authorization().ifPresent(auth -> builder.authorization(auth.scheme(), auth.credentials().getBytes(StandardCharsets.UTF_8)));
        builder.publishedAttributes(settings.attributes().toArray(String[]::new));
        return builder.build();
    }
}
