package dev.quicregistry.cdi;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.cdi.internal.DirectorySettings;
import dev.quicregistry.cdi.internal.QuicRegistryRuntime;
import dev.quicregistry.cdi.internal.ServerBean;
import dev.quicregistry.cdi.internal.ServerBeanRules;
import dev.quicregistry.cdi.internal.ServerConfigReader;
import dev.quicregistry.cdi.internal.ServerLifecycle;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.ProcessProducerField;
import jakarta.enterprise.inject.spi.ProcessProducerMethod;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The CDI portable extension of quic-registry: finds the {@code @NamedQuicServer} {@link QuicServer}
 * beans, validates them and their configuration, and adds the beans: {@link ServerLifecycle} (the
 * registries, the start and the stop, the same bean the build-compatible extension adds), a
 * {@code @NamedQuicServer ServerInfo} per server, and the {@code QuicServerDirectory} where
 * configured. It starts the lifecycle when the application context is initialized (before the first
 * bean is handed out), and stops it at {@code BeforeShutdown} where a container skipped the
 * context's end.
 *
 * <p>The extension only gathers and checks; every problem is reported through the container
 * ({@code addDefinitionError}, {@code addDeploymentProblem}) so that a user sees all of them at once.
 * The container creates one instance per deployment, so everything here belongs to one container.
 * Bean events may be delivered on several threads (Weld's concurrent deployment), so what they
 * collect is held in concurrent collections; the later phases run one after another.
 */
public class QuicRegistryExtension implements Extension {

    /**
     * The configuration key that turns the cluster directory on: with it set, a
     * {@code QuicServerDirectory} bean exists (see docs/zookeeper.md).
     *
     * @deprecated every key is in {@link ConfigKeys}: use {@link ConfigKeys#DIRECTORY_CONNECT}
     */
    @Deprecated(since = "0.1.0")
    public static final String DIRECTORY_CONNECT_KEY = ConfigKeys.DIRECTORY_CONNECT;

    private final Map<String, List<ServerBean>> serversByName = new ConcurrentSkipListMap<>();
    /**
     * Gathered while beans are processed and reported together after discovery: Weld aborts after
     * the first ProcessBean event that reports one, and the user is to see all of them at once.
     */
    private final List<String> definitionProblems = new CopyOnWriteArrayList<>();
    private final List<String> configurationProblems = new ArrayList<>();
    /**
     * The servers that get a ServerInfo bean: all but those configured enabled=false (so that a bad
     * value elsewhere is reported as such, not as an unsatisfied injection point).
     */
    private final List<String> infoNames = new ArrayList<>();
    /** The started lifecycle's runtime, from the start on: stopped again at BeforeShutdown (idempotent). */
    private volatile QuicRegistryRuntime runtime;
    /** The cluster directory's configuration, where {@code quic.registry.zookeeper.connect} is set. */
    private Optional<DirectorySettings> directorySettings = Optional.empty();
    /** Set once deployment validation ran; the servers start only after that. */
    private volatile BeanManager beanManager;
    /** The container's bean manager, for the synthetic beans' lookups. */
    private volatile BeanManager container;

    /** Created by the container (ServiceLoader), or by an application that adds extensions itself. */
    public QuicRegistryExtension() {
    }

    /** Adds the lifecycle bean: the jar is not a bean archive, so nothing else would find it. */
    void addLifecycle(@Observes BeforeBeanDiscovery event) {
        event.addAnnotatedType(ServerLifecycle.class, ServerLifecycle.class.getName());
    }

    /**
     * Collects every bean that has the qualifier {@code @NamedQuicServer} and the bean type
     * {@code QuicServer}, whatever kind of bean it is (managed class, producer method or field,
     * synthetic), and refuses a {@code @NamedQuicServer} class that is not a {@code QuicServer}.
     */
    void collectServers(@Observes ProcessBean<?> event) {
        Bean<?> bean = event.getBean();
        Optional<NamedQuicServer> named = bean.getQualifiers().stream()
                .filter(NamedQuicServer.class::isInstance).map(NamedQuicServer.class::cast).findFirst();
        if (named.isEmpty()) {
            return;
        }
        String description = describe(event);
        String name = named.get().value();
        int port = named.get().port();
        String qualifier = ServerBeanRules.render(name, port);
        if (!bean.getTypes().contains(QuicServer.class)) {
            if (event instanceof ProcessManagedBean<?> managed
                    && managed.getAnnotatedBeanClass().isAnnotationPresent(NamedQuicServer.class)) {
                definitionProblems.add(ServerBeanRules.notAServer(description, qualifier));
            }
            return;
        }
        boolean valid = ServerBeanRules.check(description, qualifier, name, port, bean.getScope().getName(),
                definitionProblems::add);
        if (valid) {
            serversByName.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>())
                    .add(new ServerBean(name, port, description));
        }
    }

    /**
     * Refuses duplicate names, reads each server's configuration (its problems are reported as
     * deployment problems once deployment is validated), and adds the beans of this extension.
     */
    void registerBeans(@Observes AfterBeanDiscovery event, BeanManager manager) {
        container = manager;
        definitionProblems.forEach(problem -> event.addDefinitionError(new DefinitionException(problem)));
        serversByName.forEach((name, beans) -> {
            if (beans.size() > 1) {
                event.addDefinitionError(new DefinitionException(ServerBeanRules.duplicateName(name,
                        beans.stream().map(ServerBean::description).toList())));
            }
        });
        readConfiguration();
        if (directorySettings.isPresent()) {
            event.addBean()
                    .types(QuicServerDirectory.class, Object.class)
                    .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                    .scope(ApplicationScoped.class)
                    .beanClass(QuicServerDirectory.class)
                    .createWith(context -> lifecycle().directory().orElseThrow(() -> new IllegalStateException(
                            "the cluster directory is not running (the container has not started, or has stopped)")));
        }
        for (String name : infoNames) {
            event.addBean()
                    .types(ServerInfo.class, Object.class)
                    .qualifiers(NamedQuicServerLiteral.of(name), Any.Literal.INSTANCE)
                    .scope(Dependent.class)
                    .beanClass(ServerInfo.class)
                    .createWith(context -> lifecycle().runtime().servers().lookup(name).orElseThrow(() -> new IllegalStateException(
                            "QUIC server '" + name + "' is not registered now (it stopped or was unregistered)")));
        }
    }

    /** This container's lifecycle bean (its client proxy). */
    private ServerLifecycle lifecycle() {
        return container.createInstance().select(ServerLifecycle.class).get();
    }

    /**
     * Reports the configuration problems together with every other deployment problem; where
     * there are none, prepares the start.
     */
    void validateConfiguration(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        configurationProblems.forEach(problem -> event.addDeploymentProblem(new DeploymentException(problem)));
        this.beanManager = beanManager;
    }

    /**
     * Starts the servers when the application context is initialized, before any other observer
     * of that event (hence the priority) and so before the container hands out its first bean.
     * Not in {@code AfterDeploymentValidation}: a problem another extension reports there, even
     * after this one's observer ran, fails the deployment without any shutdown event, and servers
     * started there would keep their ports. This event is fired only for a deployment that succeeded.
     */
    void startServers(@Observes @Initialized(ApplicationScoped.class) @Priority(Interceptor.Priority.PLATFORM_BEFORE)
                      Object event) {
        if (beanManager == null || !configurationProblems.isEmpty()) {
            return;
        }
        ServerLifecycle lifecycle = lifecycle();
        runtime = lifecycle.runtime();
        lifecycle.start(beanManager);
    }

    /** Where the container shuts down without ending the application context first: stop anyway. */
    void stopServersAtShutdown(@Observes BeforeShutdown event) {
        QuicRegistryRuntime started = runtime;
        if (started != null) {
            started.stop();
        }
    }

    /**
     * This container's server registry (the instance the {@code QuicServerRegistry} bean hands out)
     * once the lifecycle started; before that, or where the deployment failed first, an empty one.
     */
    QuicServerRegistry serverRegistry() {
        QuicRegistryRuntime started = runtime;
        return started != null ? started.servers() : new LocalQuicServerRegistry();
    }

    private void readConfiguration() {
        List<ServerBean> unique = serversByName.values().stream().filter(beans -> beans.size() == 1)
                .map(beans -> beans.get(0)).toList();
        ServerConfigReader reader;
        try {
            reader = ServerConfigReader.ofMicroProfileConfig();
        } catch (RuntimeException | LinkageError e) {
            if (unique.isEmpty()) {
                return; // nothing to configure: an application of registries only needs no MicroProfile Config
            }
            unique.forEach(server -> infoNames.add(server.name()));
            String servers = unique.stream().map(ServerBean::name).toList().toString();
            configurationProblems.add(e instanceof LinkageError
                    ? "no MicroProfile Config API on the class path (add an implementation such as SmallRye Config)"
                            + " to configure the QUIC servers " + servers + "; missing: " + e.getMessage()
                    : "no MicroProfile Config implementation is available (add one such as SmallRye Config)"
                            + " to configure the QUIC servers " + servers + ": " + e);
            return;
        }
        for (ServerBean server : unique) {
            if (!reader.isDisabled(server.name())) {
                infoNames.add(server.name());
            }
            reader.read(server.name(), server.defaultPort(), configurationProblems::add); // checked here, read again at start
        }
        directorySettings = reader.directory(configurationProblems::add);
    }

    private static String describe(ProcessBean<?> event) {
        if (event instanceof ProcessProducerMethod<?, ?> method) {
            Member member = method.getAnnotatedProducerMethod().getJavaMember();
            return "producer method " + member.getDeclaringClass().getName() + "." + member.getName() + "()";
        }
        if (event instanceof ProcessProducerField<?, ?> field) {
            Member member = field.getAnnotatedProducerField().getJavaMember();
            return "producer field " + member.getDeclaringClass().getName() + "." + member.getName();
        }
        if (event instanceof ProcessManagedBean<?> managed) {
            return "managed bean " + managed.getAnnotatedBeanClass().getJavaClass().getName();
        }
        return "bean " + event.getBean();
    }
}
