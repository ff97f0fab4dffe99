package dev.quicregistry.osgi;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes one {@link LocalQuicServerRegistry} as the {@link QuicServerRegistry} service, feeds it
 * from the {@code QuicServer} services that carry {@code quic.server.name} (see
 * {@link ServerWhiteboard}), and delivers its events to every {@link RegistryListener} service.
 * Immediate, so the whiteboard works even while nobody uses the registry service.
 *
 * <p>On deactivation every entry is unregistered (listeners see each go) before the listeners are
 * let go, so no server's termination stage keeps a reference to the discarded registry.
 */
@Component(service = QuicServerRegistry.class, immediate = true)
public final class QuicServerRegistryComponent implements QuicServerRegistry {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final ServerWhiteboard servers = new ServerWhiteboard(registry);
    private final ListenerWhiteboard listeners = new ListenerWhiteboard(registry::addListener);

    @Reference(name = "server", service = QuicServer.class, target = "(" + ServerServiceProperties.NAME + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindServer", updated = "updatedServer")
    void bindServer(QuicServer server, Map<String, Object> properties) {
        servers.added(serverService(server, properties));
    }

    void updatedServer(QuicServer server, Map<String, Object> properties) {
        servers.modified(serverService(server, properties));
    }

    void unbindServer(Map<String, Object> properties) {
        servers.removed(ServiceProperties.serviceId(properties));
    }

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
        servers.close();
        registry.names().forEach(registry::unregister);
        listeners.close();
    }

    private static ServerService serverService(QuicServer server, Map<String, Object> properties) {
        return new ServerService(ServiceProperties.serviceId(properties),
                ServiceProperties.describe("QuicServer", properties), properties, server);
    }

    @Override
    public void register(String name, QuicServer server, int port, Map<String, ?> options) {
        registry.register(name, server, port, options);
    }

    @Override
    public void unregister(String name) {
        registry.unregister(name);
    }

    @Override
    public boolean unregister(String name, QuicServer server) {
        return registry.unregister(name, server);
    }

    @Override
    public Optional<ServerInfo> lookup(String name) {
        return registry.lookup(name);
    }

    @Override
    public Set<String> names() {
        return registry.names();
    }

    @Override
    public OptionalInt port(String name) {
        return registry.port(name);
    }

    @Override
    public Optional<InetSocketAddress> localAddress(String name) {
        return registry.localAddress(name);
    }

    @Override
    public boolean updatePort(String name, int port) {
        return registry.updatePort(name, port);
    }

    @Override
    public void drain(String name, Duration grace) {
        registry.drain(name, grace);
    }

    @Override
    public boolean isDraining(String name) {
        return registry.isDraining(name);
    }

    @Override
    public Optional<List<QuicConnection>> connections(String name) {
        return registry.connections(name);
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
