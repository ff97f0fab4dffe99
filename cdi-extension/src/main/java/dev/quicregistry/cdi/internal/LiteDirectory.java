package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.cdi.QuicRegistryBuildExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The {@code QuicServerDirectory} bean under CDI Lite, added by {@link QuicRegistryBuildExtension}
 * only: a build-time container fixes its beans before configuration is read, so the bean exists
 * whatever the configuration says, and using it without a directory configured is an
 * {@link IllegalStateException} saying so. (The portable extension adds the bean only where
 * {@code quic.registry.zookeeper.connect} is set.)
 */
@ApplicationScoped
public class LiteDirectory {

    /** Created by the container. */
    public LiteDirectory() {
    }

    /** The cluster directory of this container's lifecycle. */
    @Produces
    @ApplicationScoped
    public QuicServerDirectory directory(ServerLifecycle lifecycle) {
        return lifecycle.directory().orElseThrow(() -> new IllegalStateException("no cluster directory is running: "
                + ConfigKeys.DIRECTORY_CONNECT + " is not set (or the application has not started, or has stopped)"));
    }
}
