package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.cdi.ConfigKeys;
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
        ZooKeeperDirectory.Builder builder = ZooKeeperDirectory.builder();
        setting(ConfigKeys.DIRECTORY_CONNECT, () -> builder.connectString(settings.connect()));
        setting(ConfigKeys.DIRECTORY_BASE_PATH, () -> builder.basePath(settings.basePath()));
        setting(ConfigKeys.DIRECTORY_SESSION_TIMEOUT, () -> settings.sessionTimeout().ifPresent(builder::sessionTimeout));
        setting(ConfigKeys.DIRECTORY_ADVERTISED_HOST, () -> settings.advertisedHost().ifPresent(builder::advertisedHost));
        setting(ConfigKeys.DIRECTORY_AUTH_SCHEME, () -> settings.authorization()
                .ifPresent(auth -> builder.authorization(auth.scheme(), auth.credentials().getBytes(StandardCharsets.UTF_8))));
        setting(ConfigKeys.DIRECTORY_ATTRIBUTES, () -> builder.publishedAttributes(settings.attributes().toArray(String[]::new)));
        return builder.build();
    }

    /** Applies one setting; a value the directory refuses is named by the configuration key it came from. */
    private static void setting(String key, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
