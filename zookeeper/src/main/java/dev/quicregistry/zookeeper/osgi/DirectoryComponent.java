package dev.quicregistry.zookeeper.osgi;

import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.support.Durations;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The cluster directory in OSGi: configured through Configuration Admin (PID
 * {@value #PID}, the keys of {@code quic.registry.zookeeper.*} without that prefix), it publishes
 * the framework's {@link QuicServerRegistry} service and is itself the {@link QuicServerDirectory}
 * service; without a configuration it does not exist. Deactivated (its configuration deleted, the
 * bundle stopped), it withdraws what it published and closes.
 *
 * <p>Invariant: activation and deactivation are called by Declarative Services one after the
 * other, never concurrently; {@code directory} is made in the one and closed in the other (closing
 * it withdraws what it published and ends its publication).
 */
@Component(configurationPid = DirectoryComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true) // it publishes whether or not anyone uses the service
public final class DirectoryComponent implements QuicServerDirectory {

    /** The configuration's PID. */
    public static final String PID = "dev.quicregistry.zookeeper";

    private static final System.Logger LOG = System.getLogger(DirectoryComponent.class.getName());

    private final ZooKeeperDirectory directory;
    /** Its own service registration: not Declarative Services', which would publish every configured key (auth too). */
    private final ServiceRegistration<QuicServerDirectory> registration;

    /**
     * Activated by Declarative Services: registers itself as the {@link QuicServerDirectory}
     * service with {@code connect} and {@code base-path} as its properties, and nothing else of the
     * configuration (a service's properties are readable by every bundle).
     */
    @Activate
    public DirectoryComponent(@Reference QuicServerRegistry servers, Map<String, Object> configuration, BundleContext context) {
        directory = started(servers, configuration);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("connect", text(configuration, "connect"));
        properties.put("base-path", String.valueOf(configuration.getOrDefault("base-path", ZooKeeperDirectory.DEFAULT_BASE_PATH)));
        registration = context.registerService(QuicServerDirectory.class, this, properties);
    }

    /** Without a framework (tests): the same directory, registered nowhere. */
    DirectoryComponent(QuicServerRegistry servers, Map<String, Object> configuration) {
        directory = started(servers, configuration);
        registration = null;
    }

    private static ZooKeeperDirectory started(QuicServerRegistry servers, Map<String, Object> configuration) {
        ZooKeeperDirectory directory = builder(configuration).build();
        directory.publish(servers); // ended by directory.close()
        LOG.log(Level.INFO, () -> "cluster directory on ZooKeeper " + configuration.get("connect") + " publishing the framework's servers");
        return directory;
    }

    /** The directory the configuration describes; the builder checks each value with its own messages. */
    static ZooKeeperDirectory.Builder builder(Map<String, Object> configuration) {
        ZooKeeperDirectory.Builder builder = ZooKeeperDirectory.builder().connectString(text(configuration, "connect"));
        if (configuration.get("base-path") != null) {
            builder.basePath(text(configuration, "base-path"));
        }
        if (configuration.get("session-timeout") != null) {
            String timeout = text(configuration, "session-timeout");
            builder.sessionTimeout(Durations.positive(timeout).orElseThrow(() -> new IllegalArgumentException(
                    "configuration " + PID + " has session-timeout=" + timeout + ", expected " + Durations.EXPECTED)));
        }
        if (configuration.get("advertised-host") != null) {
            builder.advertisedHost(text(configuration, "advertised-host"));
        }
        if (configuration.get("auth-scheme") != null) {
            builder.authorization(text(configuration, "auth-scheme"), text(configuration, "auth").getBytes(StandardCharsets.UTF_8));
        }
        if (configuration.get("attributes") != null) {
            builder.publishedAttributes(Arrays.stream(text(configuration, "attributes").split(","))
                    .map(String::strip).filter(key -> !key.isEmpty()).toArray(String[]::new));
        }
        return builder;
    }

    private static String text(Map<String, Object> configuration, String key) {
        Object value = configuration.get(key);
        if (value == null) {
            throw new IllegalArgumentException("configuration " + PID + " has no '" + key + "'");
        }
        return String.valueOf(value);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        directory.close();
    }

    @Override
    public List<ServerEndpoint> endpoints(String name) {
        return directory.endpoints(name);
    }

    @Override
    public Set<String> names() {
        return directory.names();
    }

    @Override
    public Registration publish(QuicServerRegistry local) {
        return directory.publish(local);
    }

    @Override
    public Registration addListener(DirectoryListener listener) {
        return directory.addListener(listener);
    }

    @Override
    public boolean isConnected() {
        return directory.isConnected();
    }

    /** Closed by Declarative Services only: a user's call does nothing. */
    @Override
    public void close() {
    }
}
