package dev.quicregistry.reconnect;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.impl.LocalConnectionRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real registry that also keeps every write a reconnector makes to it, as "method(transport)", in order. */
final class RecordingRegistry implements ConnectionRegistry {

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final List<String> writes = new CopyOnWriteArrayList<>();

    List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public void register(ConnectionId id, Object transport) {
        writes.add("register(" + transport + ")");
        registry.register(id, transport);
    }

    @Override
    public void unregister(ConnectionId id) {
        writes.add("unregister()");
        registry.unregister(id);
    }

    @Override
    public boolean unregister(ConnectionId id, Object transport) {
        writes.add("unregister(" + transport + ")");
        return registry.unregister(id, transport);
    }

    @Override
    public boolean replaceTransport(ConnectionId id, Object newTransport) {
        writes.add("replaceTransport(" + newTransport + ")");
        return registry.replaceTransport(id, newTransport);
    }

    @Override
    public Optional<Object> transport(ConnectionId id) {
        return registry.transport(id);
    }

    @Override
    public <T> Optional<T> transport(ConnectionId id, Class<T> type) {
        return registry.transport(id, type);
    }

    @Override
    public <T> ConnectionHandle<T> handle(ConnectionId id, Class<T> type) {
        return registry.handle(id, type);
    }

    @Override
    public Set<ConnectionId> ids() {
        return registry.ids();
    }

    @Override
    public Registration addListener(RegistryListener listener) {
        return registry.addListener(listener);
    }
}
