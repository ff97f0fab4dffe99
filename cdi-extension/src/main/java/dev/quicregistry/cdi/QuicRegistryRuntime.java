package dev.quicregistry.cdi;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime of one container's quic-registry, a plain class the extension hands its findings to:
 * the two registries, the bridge that makes their events CDI events, and the servers it starts and
 * stops. Usable without a container: give it launches and a listener.
 *
 * <p>Invariants (all under this object's monitor): the bridge listens to both registries exactly
 * while servers may be running, from {@link #start} until {@link #stop} (or a failed start) has
 * closed them, so observers see every {@code ServerUnregistered} of a shutdown; {@code stop} is
 * idempotent.
 */
final class QuicRegistryRuntime {

    private final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
    private final LocalConnectionRegistry connections = new LocalConnectionRegistry();
    private final ServerStarter starter;
    private final List<Registration> bridges = new ArrayList<>();

    QuicRegistryRuntime(PortPublisher ports) {
        this.starter = new ServerStarter(servers, ports);
    }

    QuicServerRegistry servers() {
        return servers;
    }

    ConnectionRegistry connections() {
        return connections;
    }

    /**
     * Has {@code bridge} receive every event of both registries, then starts the servers in the
     * order given. Where one fails, those started are closed and unregistered, the bridge is
     * detached, and the failure is thrown.
     */
    synchronized void start(List<ServerLaunch> launches, RegistryListener bridge) throws ServerStartException {
        bridges.add(servers.addListener(bridge));
        bridges.add(connections.addListener(bridge));
        try {
            starter.startAll(launches);
        } catch (ServerStartException | RuntimeException | Error e) {
            detachBridges();
            throw e;
        }
    }

    /** Stops the servers in reverse start order (the bridge still sees their events), then detaches the bridge. */
    synchronized void stop() {
        starter.stopAll();
        detachBridges();
    }

    private void detachBridges() {
        bridges.forEach(Registration::close);
        bridges.clear();
    }
}
