package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import jakarta.enterprise.inject.spi.BeanContainer;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime of one container's quic-registry, a plain class the extension hands its findings to:
 * the two registries, the bridge that makes their events CDI events, and the servers it starts and
 * stops. Usable without a container: give it launches and a listener.
 *
 * <p>Invariants (all under this object's monitor): the bridge listens to both registries exactly
 * while servers may be running, from {@link #start} until {@link #stop} (or a failed start) has
 * closed them, so observers see every {@code ServerUnregistered} of a shutdown; a directory, where
 * attached, is closed after the servers (so their endpoints are withdrawn first); {@code stop} is
 * idempotent.
 */
public final class QuicRegistryRuntime {

    private final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
    private final LocalConnectionRegistry connections = new LocalConnectionRegistry();
    private final ServerStarter starter;
    private final List<Registration> bridges = new ArrayList<>();
    private QuicServerDirectory directory;
    private final List<Registration> directoryLinks = new ArrayList<>();

    public QuicRegistryRuntime(PortPublisher ports) {
        this.starter = new ServerStarter(servers, ports);
    }

    public QuicServerRegistry servers() {
        return servers;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    /** The cluster directory, once {@link #attachDirectory} ran. */
    public synchronized Optional<QuicServerDirectory> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * Publishes this runtime's servers into {@code started} and has {@code bridge} receive its
     * events, until {@link #stop}, which closes it after the servers.
     */
    public synchronized void attachDirectory(QuicServerDirectory started, DirectoryListener bridge) {
        directory = started;
        directoryLinks.add(started.addListener(bridge));
        directoryLinks.add(started.publish(servers));
    }

    /**
     * Has {@code bridge} receive every event of both registries, then starts the servers in the
     * order given. Where one fails, those started are closed and unregistered, the bridge is
     * detached, and the failure is thrown.
     */
    public synchronized void start(List<ServerLaunch> launches, RegistryListener bridge) throws ServerStartException {
        bridges.add(servers.addListener(bridge));
        bridges.add(connections.addListener(bridge));
        try {
            starter.startAll(launches);
        } catch (ServerStartException | RuntimeException | Error e) {
            detachBridges();
            closeDirectory();
            throw e;
        }
    }

    /**
     * How both extensions start: the container's observers get the events of both registries and
     * of the directory (started first where configured, so it sees every server registered), then
     * the servers start; a server that cannot start fails the deployment, after the rollback.
     */
    public void startIn(BeanContainer container, List<ServerLaunch> launches, Optional<DirectorySettings> directorySettings) {
        CdiEventBridge bridge = new CdiEventBridge(container);
        directorySettings.ifPresent(settings -> attachDirectory(settings.start(), bridge));
        try {
            start(launches, bridge);
        } catch (ServerStartException e) {
            throw new DeploymentException(e.getMessage(), e.getCause());
        }
    }

    /** Stops the servers in reverse start order (the bridge still sees their events), then detaches the bridge. */
    public synchronized void stop() {
        starter.stopAll();
        detachBridges();
        closeDirectory();
    }

    private void closeDirectory() {
        if (directory != null) {
            directoryLinks.forEach(Registration::close);
            directoryLinks.clear();
            directory.close();
            directory = null;
        }
    }

    private void detachBridges() {
        bridges.forEach(Registration::close);
        bridges.clear();
    }
}
