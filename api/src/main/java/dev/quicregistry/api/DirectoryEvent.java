package dev.quicregistry.api;

/** What a {@link QuicServerDirectory} saw: an endpoint appearing or leaving. */
public sealed interface DirectoryEvent permits EndpointAdded, EndpointRemoved {

    /** The endpoint concerned. */
    ServerEndpoint endpoint();
}
