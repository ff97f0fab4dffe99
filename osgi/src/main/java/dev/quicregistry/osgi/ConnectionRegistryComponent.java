package dev.quicregistry.osgi;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.impl.LocalConnectionRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes one {@link LocalConnectionRegistry} as the {@link ConnectionRegistry} service and
 * delivers its events to every {@link RegistryListener} service.
 *
 * <p>On deactivation every id is unregistered (listeners see each go) before the listeners are let go.
 */
@Component(service = ConnectionRegistry.class, immediate = true)
public final class ConnectionRegistryComponent implements ConnectionRegistry {

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final ListenerWhiteboard listeners = new ListenerWhiteboard(registry::addListener);

    @Reference(name = "listener", service = RegistryListener.class,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindListener")
    void bindListener(RegistryListener listener, Map<String, Object> properties) {
        listeners.added(ServiceProperties.serviceId(properties), listener);
    }

    void unbindListener(Map<String, Object> properties) {
        listeners.removed(ServiceProperties.serviceId(properties));
    }

    @Deactivate
    void deactivate() {
        registry.ids().forEach(registry::unregister);
        listeners.close();
    }

    @Override
    public void register(ConnectionId id, Object transport) {
        registry.register(id, transport);
    }

    @Override
    public void unregister(ConnectionId id) {
        registry.unregister(id);
    }

    @Override
    public boolean unregister(ConnectionId id, Object transport) {
        return registry.unregister(id, transport);
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
    public boolean replaceTransport(ConnectionId id, Object newTransport) {
        return registry.replaceTransport(id, newTransport);
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

    @Override
    public String toString() {
        return registry.toString();
    }
}
