package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/** An endpoint left the directory: unpublished, or its JVM or session gone. */
public record EndpointRemoved(ServerEndpoint endpoint) implements DirectoryEvent {

    /** Validates. */
    public EndpointRemoved {
        Arguments.notNull(endpoint, "endpoint");
    }
}
