package dev.quicregistry.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A reference to whatever transport a connection id has now: hold it instead of the transport,
 * and reconnections need no update of references.
 *
 * @param <T> the transport type
 */
@ProviderType
public interface ConnectionHandle<T> {

    /** The id this handle resolves. */
    ConnectionId id();

    /** The transport registered for id now; empty while none is. */
    Optional<T> current();
}
