package dev.quicregistry.osgitests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.testing.Ensemble;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The cluster directory inside Felix, on Curator's OSGi jars, Guava 32 and a wrapped ZooKeeper,
 * against a real ZooKeeper started here (outside the framework, on 127.0.0.1): configured through
 * Configuration Admin (with ZooKeeper credentials, which never become service properties), the
 * directory bundle publishes a server of the registry bundle, and a second directory made in the
 * framework (from the directory bundle's classes) sees it; stopping the directory bundle withdraws
 * it, starting it again publishes it again, a new configuration moves it. The test stops a bundle
 * of its framework, so it has one of its own.
 */
@TestInstance(Lifecycle.PER_CLASS)
class DirectoryInFelixIT {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String PID = "dev.quicregistry.zookeeper";
    private static final String DIRECTORY_BUNDLE = "quic-registry-zookeeper";
    private static final String CONFIG_ADMIN = "org.apache.felix.configadmin";
    private static final String BASE_PATH = "/felix-directory";
    private static final String SECRET = "never-a-service-property";

    private Ensemble zookeeper;
    private OsgiFramework osgi;
    private Probe probe;

    @BeforeAll
    void boot() throws Exception {
        zookeeper = Ensemble.started(1);
        osgi = OsgiFramework.launch(getClass().getSimpleName());
        probe = Probe.install(osgi);
    }

    @AfterAll
    void stop() throws Exception {
        if (osgi != null) {
            osgi.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void theDirectoryBundlePublishesTheRegistrysServerWithdrawsItWhenStoppedAndPublishesItAgainWhenStarted() throws Exception {
        assertThat(osgi.serviceReference("dev.quicregistry.api.QuicServerDirectory")).as("no configuration: no directory").isEmpty();
        probe.registerServer(probe.server(4433), Map.of("quic.server.name", "alpha", "quic.server.port", 4433));

        configure(Map.of("connect", zookeeper.connectString(), "base-path", BASE_PATH, "session-timeout", "10s",
                "auth-scheme", "digest", "auth", "felix:" + SECRET));
        Object second = secondDirectory();
        try {
            // nobody gets the directory service before it has published: the component is immediate
            await().atMost(BOUND).until(() -> ports(second, "alpha"), ports -> ports.equals(List.of(4433)));
            Object published = osgi.service("dev.quicregistry.api.QuicServerDirectory");
            assertThat(ports(published, "alpha")).containsExactly(4433);
            ServiceReference<?> service = osgi.serviceReference("dev.quicregistry.api.QuicServerDirectory").orElseThrow();
            assertThat(service.getPropertyKeys()).as("every bundle reads a service's properties: no credentials there")
                    .contains("connect", "base-path").doesNotContain("auth", "auth-scheme");
            assertThat(java.util.Arrays.stream(service.getPropertyKeys()).map(service::getProperty).map(String::valueOf))
                    .noneMatch(value -> value.contains(SECRET));

            Bundle directoryBundle = osgi.bundle(DIRECTORY_BUNDLE);
            directoryBundle.stop();
            await().atMost(BOUND).until(() -> ports(second, "alpha").isEmpty());

            directoryBundle.start();
            await().atMost(BOUND).until(() -> ports(second, "alpha"), ports -> ports.equals(List.of(4433)));

            // a new configuration: the directory publishes under the new base path, and leaves the old one
            configure(Map.of("connect", zookeeper.connectString(), "base-path", BASE_PATH + "-moved"));
            await().atMost(BOUND).until(() -> ports(second, "alpha").isEmpty());
        } finally {
            call(second, "close");
        }
    }

    /** Gives the directory component its configuration, through the framework's Configuration Admin. */
    private void configure(Map<String, String> properties) throws Exception {
        Object admin = osgi.service("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> adminType = osgi.loadClass(CONFIG_ADMIN, "org.osgi.service.cm.ConfigurationAdmin");
        Object configuration = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, PID, "?");
        Class<?> configurationType = osgi.loadClass(CONFIG_ADMIN, "org.osgi.service.cm.Configuration");
        Dictionary<String, Object> values = new Hashtable<>(properties);
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, values);
    }

    /** A directory of the same base path, built in the framework from the directory bundle's classes: a reader. */
    private Object secondDirectory() throws Exception {
        Class<?> directoryType = osgi.loadClass(DIRECTORY_BUNDLE, "dev.quicregistry.zookeeper.ZooKeeperDirectory");
        Object builder = directoryType.getMethod("builder").invoke(null);
        builder = call(builder, "connectString", zookeeper.connectString());
        builder = call(builder, "basePath", BASE_PATH);
        return call(builder, "build");
    }

    /** The ports the directory lists for the name now. */
    private List<Integer> ports(Object directory, String name) {
        List<?> endpoints = (List<?>) call(directory, "endpoints", name);
        return endpoints.stream().map(endpoint -> (Integer) call(endpoint, "port")).toList();
    }

    /** Calls the public method of that name and arity, found on a public type the object implements. */
    private static Object call(Object target, String method, Object... arguments) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> candidate : candidates(type)) {
                for (Method found : candidate.getMethods()) {
                    if (found.getName().equals(method) && found.getParameterCount() == arguments.length) {
                        try {
                            return found.invoke(target, arguments);
                        } catch (InvocationTargetException thrown) {
                            throw new AssertionError(method + " threw", thrown.getCause());
                        } catch (IllegalAccessException inaccessible) {
                            break; // not this type: try its interfaces
                        }
                    }
                }
            }
        }
        throw new AssertionError(target.getClass() + " has no accessible " + method + "/" + arguments.length);
    }

    private static List<Class<?>> candidates(Class<?> type) {
        List<Class<?>> types = new java.util.ArrayList<>(List.of(type));
        types.addAll(List.of(type.getInterfaces()));
        return types;
    }
}
