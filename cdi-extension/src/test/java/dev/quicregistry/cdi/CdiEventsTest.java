package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registry events reach CDI observers: sync and async, server events qualified by name, a throwing observer harmless. */
class CdiEventsTest {

    private SeContainer container;
    private QuicServerRegistry servers;
    private ConnectionRegistry connections;
    private Observers seen;

    @BeforeEach
    void startContainer() {
        container = Containers.start(Servers.class, Observers.class);
        servers = container.select(QuicServerRegistry.class).get();
        connections = container.select(ConnectionRegistry.class).get();
        seen = container.select(Observers.class).get();
    }

    @AfterEach
    void stopContainer() {
        container.close();
    }

    @ApplicationScoped
    static class Servers {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer api() {
            return new UdpTestServer();
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("admin")
        QuicServer admin() {
            return new UdpTestServer();
        }
    }

    /** What this container's observers received (one instance per container: a test starts one each). */
    @ApplicationScoped
    static class Observers {
        final List<String> unqualified = new CopyOnWriteArrayList<>();
        final List<String> onlyApi = new CopyOnWriteArrayList<>();
        final List<String> async = new CopyOnWriteArrayList<>();
        final List<String> afterThrower = new CopyOnWriteArrayList<>();
        final List<Thread> afterThrowerThreads = new CopyOnWriteArrayList<>();

        List<String> unqualified() {
            return unqualified;
        }

        List<String> onlyApi() {
            return onlyApi;
        }

        List<String> async() {
            return async;
        }

        List<String> afterThrower() {
            return afterThrower;
        }

        List<Thread> afterThrowerThreads() {
            return afterThrowerThreads;
        }

        void clear() {
            unqualified.clear();
            onlyApi.clear();
            async.clear();
            afterThrower.clear();
            afterThrowerThreads.clear();
        }

        void all(@Observes RegistryEvent event) {
            unqualified.add(describe(event));
        }

        void apiOnly(@Observes @NamedQuicServer("api") RegistryEvent event) {
            onlyApi.add(describe(event));
        }

        void async(@ObservesAsync RegistryEvent event) {
            async.add(describe(event));
        }

        void throwsOnTheAdminStart(@Observes @jakarta.annotation.Priority(1) @NamedQuicServer("admin") ServerRegistered event) {
            throw new IllegalStateException("an observer that throws when admin starts");
        }

        void throwsFirst(@Observes @jakarta.annotation.Priority(1) ConnectionReplaced event) {
            throw new IllegalStateException("an observer that throws on every replacement");
        }

        void afterTheThrower(@Observes @jakarta.annotation.Priority(2) ConnectionReplaced event) {
            afterThrowerThreads.add(Thread.currentThread());
            afterThrower.add(describe(event));
        }
    }

    @BeforeAll
    static void loopback() {
        System.setProperty("quic.server.api.host", "127.0.0.1");
        System.setProperty("quic.server.admin.host", "127.0.0.1");
        TestConfig.release();
    }

    @AfterAll
    static void clear() {
        System.clearProperty("quic.server.api.host");
        System.clearProperty("quic.server.admin.host");
        TestConfig.release();
    }

    @Test
    void theStartOfEachServerIsObservedWithItsBoundPortSyncAndAsync() {
        int api = servers.port("api").orElseThrow();
        int admin = servers.port("admin").orElseThrow();

        assertThat(seen.unqualified()).containsExactly("registered admin " + admin, "registered api " + api);
        assertThat(seen.onlyApi()).containsExactly("registered api " + api);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen.async())
                .containsExactlyInAnyOrder("registered admin " + admin, "registered api " + api));
    }

    @Test
    void anObserverThatThrowsDuringStartUpStopsNeitherTheStartNorTheOtherObservers() {
        assertThat(servers.names()).containsExactly("admin", "api");
        assertThat(seen.unqualified()).hasSize(2).anySatisfy(event -> assertThat(event).startsWith("registered admin "));
    }

    /** Forgets what start-up delivered, once its async events have arrived. */
    private void forgetStartUp() {
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.async().size() == 2);
        seen.clear();
    }

    @Test
    void aQualifiedObserverSeesOnlyItsServerAndAnUnqualifiedOneSeesAll() {
        forgetStartUp();
        servers.updatePort("admin", 1111);
        servers.updatePort("api", 2222);
        connections.register(ConnectionId.of("c1"), "transport-1");

        assertThat(seen.unqualified()).containsExactly("port admin 1111", "port api 2222", "connection c1");
        assertThat(seen.onlyApi()).containsExactly("port api 2222");
    }

    @Test
    void anAsyncObserverReceivesTheEvents() {
        forgetStartUp();
        servers.unregister("admin");
        connections.register(ConnectionId.of("c2"), "transport-2");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(seen.async()).containsExactlyInAnyOrder("unregistered admin", "connection c2"));
    }

    @Test
    void aThrowingObserverDoesNotBreakAReplacement() {
        forgetStartUp();
        ConnectionId id = ConnectionId.of("session");
        connections.register(id, "old");

        boolean replaced = connections.replaceTransport(id, "new");

        assertThat(replaced).isTrue();
        assertThat(connections.transport(id)).contains("new");
        assertThat(seen.afterThrower()).containsExactly("replaced session old->new");
        assertThat(seen.unqualified()).containsExactly("connection session", "replaced session old->new");
        assertThat(seen.afterThrowerThreads()).containsExactly(Thread.currentThread());
    }

    static String describe(RegistryEvent event) {
        if (event instanceof ServerRegistered e) {
            return "registered " + e.server().name() + " " + e.server().port();
        }
        if (event instanceof ServerUnregistered e) {
            return "unregistered " + e.server().name();
        }
        if (event instanceof ServerPortResolved e) {
            return "port " + e.name() + " " + e.port();
        }
        if (event instanceof ConnectionRegistered e) {
            return "connection " + e.id().value();
        }
        if (event instanceof ConnectionReplaced e) {
            return "replaced " + e.id().value() + " " + e.previous() + "->" + e.current();
        }
        return event.toString();
    }
}
