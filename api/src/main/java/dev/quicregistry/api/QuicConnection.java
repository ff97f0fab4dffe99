package dev.quicregistry.api;

import java.net.InetSocketAddress;

/** One live connection of a {@link QuicServer}, as listed by {@link QuicServer#connections()}. */
public interface QuicConnection {

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the connection; idempotent. */
    void close();
}
