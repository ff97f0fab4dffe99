package dev.quicregistry.api;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ConsumerType;

/** One live connection of a {@link QuicServer}, as listed by {@link QuicServer#connections()}. */
@ConsumerType
public interface QuicConnection {

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the connection; idempotent. */
    void close();
}
