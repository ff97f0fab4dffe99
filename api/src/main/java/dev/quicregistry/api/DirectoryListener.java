package dev.quicregistry.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the endpoints a directory sees appearing and leaving, on the directory's own event thread. */
@ConsumerType
@FunctionalInterface
public interface DirectoryListener {

    /** Called once for each endpoint seen appearing or leaving. */
    void onEvent(DirectoryEvent event);
}
