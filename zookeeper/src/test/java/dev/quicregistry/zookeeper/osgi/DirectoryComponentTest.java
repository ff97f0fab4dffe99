package dev.quicregistry.zookeeper.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.testing.UdpTestServer;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.logging.Level;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The directory's Declarative Services component without a framework (Felix runs it in
 * integration-tests/osgi-tests): its configuration turned into a directory, with the messages of a
 * bad value; what it publishes while active, and withdraws when deactivated.
 */
class DirectoryComponentTest {

    private static final Duration SEEN = Duration.ofSeconds(10);

    private static Ensemble ensemble;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
    private final String basePath = "/component-" + UUID.randomUUID();

    @BeforeAll
    static void sharedEnsemble() throws Exception {
        ensemble = Ensemble.shared();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Map<String, Object> configuration() {
        Map<String, Object> configuration = new HashMap<>();
        configuration.put("connect", ensemble.connectString());
        configuration.put("base-path", basePath);
        configuration.put("session-timeout", "6s");
        return configuration;
    }

    private ZooKeeperDirectory reader() {
        ZooKeeperDirectory reader = ZooKeeperDirectory.builder().connectString(ensemble.connectString()).basePath(basePath).build();
        closing.add(reader);
        return reader;
    }

    private UdpTestServer started(String alpn, String zone) throws Exception {
        UdpTestServer server = new UdpTestServer();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of("alpn", alpn, "zone", zone)));
        closing.add(server);
        return server;
    }

    @Test
    void whileActiveItPublishesTheRegistrysServersWithTheAllowedAttributesAndDeactivatedItWithdrawsThem() throws Exception {
        UdpTestServer server = started("h3", "eu-1");
        servers.register("api", server, server.boundPort(), Map.of("alpn", "h3", "zone", "eu-1"));
        Map<String, Object> configuration = configuration();
        configuration.put("attributes", " zone , ");
        ZooKeeperDirectory reader = reader();

        DirectoryComponent component;
        try (LogCapture log = LogCapture.of(DirectoryComponent.class)) {
            component = new DirectoryComponent(servers, configuration);
            assertThat(log.messagesAt(Level.INFO)).containsExactly("cluster directory on ZooKeeper " + ensemble.connectString()
                    + " publishing the framework's servers");
        }
        try {
            await().atMost(SEEN).until(() -> reader.endpoints("api").size() == 1);
            ServerEndpoint endpoint = reader.endpoints("api").get(0);
            assertThat(endpoint.port()).isEqualTo(server.boundPort());
            assertThat(endpoint.attributes()).containsEntry("alpn", "h3").containsEntry("zone", "eu-1");
            await().atMost(SEEN).until(component::isConnected);
            await().atMost(SEEN).until(() -> component.endpoints("api").size() == 1);
            assertThat(component.names()).containsExactly("api");
        } finally {
            component.deactivate();
        }

        await().atMost(SEEN).until(() -> reader.endpoints("api").isEmpty());
        assertThatThrownBy(() -> component.publish(new LocalQuicServerRegistry())).as("its directory closed with it")
                .isInstanceOf(IllegalStateException.class).hasMessage("this directory is closed");
    }

    @Test
    void itIsADirectoryLikeAnyOtherButItsLifeIsTheComponentsNotItsUsers() throws Exception {
        ZooKeeperDirectory reader = reader();
        DirectoryComponent component = new DirectoryComponent(new LocalQuicServerRegistry(), configuration());
        try {
            List<DirectoryEvent> events = new CopyOnWriteArrayList<>();
            Registration listening = component.addListener(events::add);
            LocalQuicServerRegistry other = new LocalQuicServerRegistry();
            UdpTestServer server = started("h3", "eu-2");
            other.register("other", server, server.boundPort(), Map.of());
            Registration published = component.publish(other);

            await().atMost(SEEN).until(() -> reader.endpoints("other").size() == 1);
            await().atMost(SEEN).until(() -> !events.isEmpty());
            published.close();
            listening.close();
            await().atMost(SEEN).until(() -> reader.endpoints("other").isEmpty());

            component.close(); // a user's close: the component goes on
            assertThat(component.isConnected()).isTrue();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void theAdvertisedHostAndTheAuthorizationOfTheConfigurationReachTheDirectory() throws Exception {
        Map<String, Object> configuration = configuration();
        configuration.put("advertised-host", "api.example.net");
        configuration.put("auth-scheme", "digest");
        configuration.put("auth", "app:secret");
        servers.register("edge", TestServer.boundAt(new InetSocketAddress("0.0.0.0", 4433)), 4433, Map.of()); // binds nothing
        ZooKeeperDirectory reader = reader();

        DirectoryComponent component = new DirectoryComponent(servers, configuration);
        try {
            await().atMost(SEEN).until(() -> reader.endpoints("edge").size() == 1);
            assertThat(reader.endpoints("edge").get(0).host()).as("a wildcard address is published as the advertised host")
                    .isEqualTo("api.example.net");
            try (CuratorFramework raw = CuratorFrameworkFactory.newClient(ensemble.connectString(), new RetryOneTime(100))) {
                raw.start();
                assertThat(raw.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
                String instance = raw.getChildren().forPath(basePath + "/edge").get(0);
                List<ACL> acl = raw.getACL().forPath(basePath + "/edge/" + instance);
                assertThat(acl).as("created with the configured authorization: its creator may change it")
                        .anyMatch(entry -> entry.getId().getScheme().equals("digest") && entry.getId().getId().startsWith("app:"));
            }
        } finally {
            component.deactivate();
        }
    }

    @Test
    void withoutZooKeeperItIsNotConnected() {
        Map<String, Object> configuration = configuration();
        configuration.put("connect", "127.0.0.1:1"); // nothing listens there

        DirectoryComponent component = new DirectoryComponent(servers, configuration);
        try {
            assertThat(component.isConnected()).isFalse();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void inAFrameworkItRegistersItselfWithTheConnectStringAndBasePathOnlyAndUnregistersWhenDeactivated() {
        Map<String, Object> configuration = configuration();
        configuration.put("auth-scheme", "digest");
        configuration.put("auth", "app:secret");
        List<Object[]> registered = new CopyOnWriteArrayList<>();
        List<String> unregistered = new CopyOnWriteArrayList<>();
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, arguments) -> {
                    unregistered.add(method.getName());
                    return null;
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, arguments) -> {
                    registered.add(arguments);
                    return registration;
                });

        DirectoryComponent component = new DirectoryComponent(servers, configuration, context);
        try {
            assertThat(registered).singleElement().satisfies(call -> {
                assertThat(call[0]).isEqualTo(dev.quicregistry.api.QuicServerDirectory.class);
                assertThat(call[1]).isSameAs(component);
                Dictionary<?, ?> properties = (Dictionary<?, ?>) call[2];
                assertThat(Collections.list(properties.keys()).stream().map(String::valueOf).toList())
                        .containsExactlyInAnyOrder("connect", "base-path");
                assertThat(properties.get("connect")).isEqualTo(ensemble.connectString());
                assertThat(properties.get("base-path")).isEqualTo(basePath);
            });
            assertThat(unregistered).isEmpty();
        } finally {
            component.deactivate();
        }
        assertThat(unregistered).containsExactly("unregister");
    }

    @Test
    void badValuesAreRefusedNamingTheConfigurationAndTheKey() {
        Map<String, Object> noConnect = configuration();
        noConnect.remove("connect");
        assertThatThrownBy(() -> DirectoryComponent.builder(noConnect)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration dev.quicregistry.zookeeper has no 'connect'");

        Map<String, Object> badTimeout = configuration();
        badTimeout.put("session-timeout", "soon");
        assertThatThrownBy(() -> DirectoryComponent.builder(badTimeout)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("configuration dev.quicregistry.zookeeper has session-timeout=soon, expected a positive duration");

        Map<String, Object> schemeAlone = configuration();
        schemeAlone.put("auth-scheme", "digest");
        assertThatThrownBy(() -> DirectoryComponent.builder(schemeAlone)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration dev.quicregistry.zookeeper has no 'auth'");
    }
}
