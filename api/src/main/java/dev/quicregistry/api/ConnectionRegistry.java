package dev.quicregistry.api;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Stable connection ids mapped to their current transport (the Elixir {@code ConnectionRegistry}):
 * reconnection replaces the transport, and everyone holding the id or a handle sees the new one.
 */
@ProviderType
public interface ConnectionRegistry {

    /** Registers, or replaces the transport of an existing id (then it is a replacement). */
    void register(ConnectionId id, Object transport);

    /** Idempotent. */
    void unregister(ConnectionId id);

    /**
     * Unregisters {@code id} only while its transport is {@code transport} ({@code ==};
     * compare-and-remove), so a reconnection engine that gives up never removes a transport someone
     * else has registered under the id since.
     *
     * @return whether this call removed the entry
     */
    boolean unregister(ConnectionId id, Object transport);

    /** The transport registered for id now. */
    Optional<Object> transport(ConnectionId id);

    /** The transport registered for id now, as {@code type}; another type is a {@link ClassCastException} naming both. */
    <T> Optional<T> transport(ConnectionId id, Class<T> type);

    /** false where the id is not registered. */
    boolean replaceTransport(ConnectionId id, Object newTransport);

    /** A reference that always resolves to the id's current transport. */
    <T> ConnectionHandle<T> handle(ConnectionId id, Class<T> type);

    /** The ids registered now. */
    Set<ConnectionId> ids();

    /** Subscribes a listener to every change of this registry, until the returned registration is closed. */
    Registration addListener(RegistryListener listener);
}
