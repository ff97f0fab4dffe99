package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;

/** An endpoint appeared in the directory. */
public record EndpointAdded(ServerEndpoint endpoint) implements DirectoryEvent {

    /** Validates. */
    public EndpointAdded {
        Arguments.notNull(endpoint, "endpoint");
    }
}
