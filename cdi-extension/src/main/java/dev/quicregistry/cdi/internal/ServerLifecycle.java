package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.cdi.QuicRegistryBuildExtension;
import dev.quicregistry.cdi.QuicRegistryExtension;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanContainer;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.interceptor.Interceptor;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one run-time lifecycle of quic-registry under CDI, added by both extensions alike (the
 * portable {@link QuicRegistryExtension} and the build-compatible {@link QuicRegistryBuildExtension}):
 * it provides the two registries, starts every enabled {@code @NamedQuicServer} bean with its
 * configuration (in name order; a server that cannot start fails the start-up after the others are
 * rolled back), starts the cluster directory where {@code quic.registry.zookeeper.connect} is set
 * and publishes the servers there, and stops all of it. The extensions only gather and validate.
 *
 * <p>When it starts: on {@link Startup}, the event of CDI Lite and Full alike; the portable
 * extension starts it earlier, when the application context is initialized, before any other
 * observer of that event (so before the container hands out its first bean). When it stops: at
 * {@link Shutdown} (after the application's own observers of it), when the application context is
 * about to end, and when the bean is destroyed, whichever comes first.
 *
 * <p>Invariant: one instance per container (application scoped); it starts at most once, and its
 * runtime's invariants hold.
 */
@ApplicationScoped
public class ServerLifecycle {

    private static final System.Logger LOG = System.getLogger(ServerLifecycle.class.getName());

    private final QuicRegistryRuntime runtime = new QuicRegistryRuntime(PortPublisher.toConfiguration());
    private boolean started;

    /** Created by the container. */
    public ServerLifecycle() {
    }

    /** This container's server registry. */
    @Produces
    @ApplicationScoped
    public QuicServerRegistry servers() {
        return runtime.servers();
    }

    /** This container's connection registry. */
    @Produces
    @ApplicationScoped
    public ConnectionRegistry connections() {
        return runtime.connections();
    }

    /** The cluster directory, while it runs. */
    public Optional<QuicServerDirectory> directory() {
        return runtime.directory();
    }

    /** The runtime this lifecycle drives: the portable extension keeps it to stop it where the container skips the context's end. */
    public QuicRegistryRuntime runtime() {
        return runtime;
    }

    /**
     * Starts the servers, once: reads their configuration (a bad value fails the start-up with every
     * problem named) and starts the enabled ones through the runtime.
     *
     * @throws DeploymentException where the configuration is bad or a server cannot start
     */
    public synchronized void start(BeanContainer container) {
        if (started) {
            return;
        }
        started = true;
        ServerConfigReader reader;
        try {
            reader = ServerConfigReader.ofMicroProfileConfig();
        } catch (RuntimeException | LinkageError e) {
            if (namedServers(container).isEmpty()) {
                return; // nothing to configure: an application of registries only needs no MicroProfile Config
            }
            throw new DeploymentException("no MicroProfile Config is available to configure the QUIC servers: " + e, e);
        }
        List<String> problems = new ArrayList<>();
        List<ServerLaunch> launches = new ArrayList<>();
        Set<String> undeclared = new TreeSet<>(reader.configuredNames());
        for (Bean<?> bean : namedServers(container)) {
            NamedQuicServer named = qualifierOf(bean).orElseThrow();
            undeclared.remove(named.value());
            reader.read(named.value(), named.port(), problems::add).filter(ServerConfig::enabled)
                    .ifPresent(config -> launches.add(BeanLaunches.of(config, reader, container, bean)));
        }
        if (!undeclared.isEmpty()) {
            LOG.log(Level.WARNING, () -> "the configuration names QUIC servers no @NamedQuicServer bean declares, and is"
                    + " ignored for them: " + undeclared.stream().map(name -> ConfigKeys.SERVER_PREFIX + name + ".*").toList()
                    + " (declared: " + namedServers(container).stream().map(bean -> qualifierOf(bean).orElseThrow().value())
                    .sorted().toList() + ")");
        }
        Optional<DirectorySettings> directory = reader.directory(problems::add);
        if (!problems.isEmpty()) {
            throw new DeploymentException("QUIC server configuration: " + String.join("; ", problems));
        }
        runtime.startIn(container, launches, directory);
    }

    /**
     * Starts at {@link Startup}, before any other observer of it. The registry and {@code ServerInfo}
     * instances are injection points here so that a build-time container that drops unused beans
     * keeps them (and every server bean) for applications that only look them up.
     */
    public void startAtStartup(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Startup startup,
                        @Any Instance<QuicServer> servers, Instance<QuicServerRegistry> registry,
                        Instance<ConnectionRegistry> connections, @Any Instance<ServerInfo> infos, BeanContainer container) {
        start(container);
    }

    /** Stops the servers in reverse start order, after the application's own observers of {@link Shutdown}. */
    public void stopAtShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) Shutdown shutdown) {
        runtime.stop();
    }

    /** Stops while the application context is still active, where a container fires no {@link Shutdown}. */
    public void stopBeforeTheContextEnds(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        runtime.stop();
    }

    /** Where the context ends without either event: stop anyway (idempotent). */
    @PreDestroy
    public void destroy() {
        runtime.stop();
    }

    /** Every {@code @NamedQuicServer} bean of type {@code QuicServer}: the extensions checked they are valid and unique. */
    private static List<Bean<?>> namedServers(BeanContainer container) {
        return container.getBeans(QuicServer.class, Any.Literal.INSTANCE).stream()
                .filter(bean -> qualifierOf(bean).isPresent()).toList();
    }

    private static Optional<NamedQuicServer> qualifierOf(Bean<?> bean) {
        return bean.getQualifiers().stream().filter(NamedQuicServer.class::isInstance).map(NamedQuicServer.class::cast).findFirst();
    }
}
