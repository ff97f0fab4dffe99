package dev.quicregistry.cdi;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanContainer;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run-time half of quic-registry under CDI Lite, brought in by {@link QuicRegistryBuildExtension}:
 * provides the two registries, starts the servers on {@link Startup} (before any other observer of
 * it) and stops them on {@link Shutdown}, with the same order, rollback and events as under the
 * portable extension; with {@code quic.registry.zookeeper.connect} set, it also starts the cluster
 * directory, publishes the servers there and passes its events on. Configuration is read at start:
 * a bad value fails the start-up. So the {@code QuicServerDirectory} bean exists whatever the
 * configuration says (the bean set is fixed at build time), and using it without a directory
 * configured is an {@link IllegalStateException} saying so.
 *
 * <p>Invariant: one instance per container (application scoped); its runtime's invariants hold.
 */
@ApplicationScoped
public class LiteServerLifecycle {

    private final QuicRegistryRuntime runtime = new QuicRegistryRuntime(PortPublisher.toConfiguration());

    /** Created by the container. */
    public LiteServerLifecycle() {
    }

    /** This container's server registry. */
    @Produces
    @ApplicationScoped
    QuicServerRegistry servers() {
        return runtime.servers();
    }

    /** This container's connection registry. */
    @Produces
    @ApplicationScoped
    ConnectionRegistry connections() {
        return runtime.connections();
    }

    /** The cluster directory, where {@code quic.registry.zookeeper.connect} is set. */
    @Produces
    @ApplicationScoped
    QuicServerDirectory directory() {
        return runtime.directory().orElseThrow(() -> new IllegalStateException("no cluster directory is running: "
                + DirectorySettings.CONNECT + " is not set (or the application has not started, or has stopped)"));
    }

    /**
     * Starts every enabled server, in name order. The registry and {@code ServerInfo} instances are
     * injection points here so that a build-time container that drops unused beans keeps them for
     * applications that only look them up.
     */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Startup startup, @Any Instance<QuicServer> servers,
               Instance<QuicServerRegistry> registry, Instance<ConnectionRegistry> connections,
               @Any Instance<ServerInfo> infos, BeanContainer container) {
        ServerConfigReader reader;
        try {
            reader = ServerConfigReader.ofMicroProfileConfig();
        } catch (RuntimeException | LinkageError e) {
            throw new DeploymentException("no MicroProfile Config is available to configure the QUIC servers: " + e, e);
        }
        List<String> problems = new ArrayList<>();
        List<ServerLaunch> launches = new ArrayList<>();
        for (Instance.Handle<QuicServer> handle : servers.handles()) {
            Optional<NamedQuicServer> named = handle.getBean().getQualifiers().stream()
                    .filter(NamedQuicServer.class::isInstance).map(NamedQuicServer.class::cast).findFirst();
            if (named.isEmpty()) {
                continue;
            }
            reader.read(named.get().value(), named.get().port(), problems::add).filter(ServerConfig::enabled)
                    .ifPresent(config -> launches.add(BeanLaunches.of(config, reader, container, handle.getBean())));
        }
        Optional<DirectorySettings> directory = reader.directory(problems::add);
        if (!problems.isEmpty()) {
            throw new DeploymentException("QUIC server configuration: " + String.join("; ", problems));
        }
        runtime.startIn(container, launches, directory);
    }

    /** Stops the servers in reverse start order while the application's beans still observe it. */
    void stop(@Observes Shutdown shutdown) {
        runtime.stop();
    }

    /** Where the container is destroyed without a {@link Shutdown} event: stop anyway (idempotent). */
    @PreDestroy
    void destroy() {
        runtime.stop();
    }
}
