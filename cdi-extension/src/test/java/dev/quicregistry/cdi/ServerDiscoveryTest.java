package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which beans are servers, and that each is started and registered with its real port before beans are handed out. */
class ServerDiscoveryTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    @ApplicationScoped
    static class ProducerMethodServers {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer api() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    @NamedQuicServer("admin")
    static class ManagedServer extends UdpTestServer {
    }

    @ApplicationScoped
    static class ProducerFieldServers {
        @Produces
        @Singleton
        @NamedQuicServer("metrics")
        final QuicServer metrics = new UdpTestServer();
    }

    @ApplicationScoped
    static class Client {
        @Inject
        @NamedQuicServer("api")
        ServerInfo api;

        ServerInfo api() {
            return api;
        }
    }

    @ApplicationScoped
    static class NoServers {
    }

    @Test
    void producerMethodManagedBeanAndProducerFieldServersAreStartedAndRegistered() {
        config.loopback("api", "admin", "metrics");
        try (SeContainer container = Containers.start(ProducerMethodServers.class, ManagedServer.class,
                ProducerFieldServers.class)) {
            QuicServerRegistry registry = container.select(QuicServerRegistry.class).get();

            assertThat(registry.names()).containsExactly("admin", "api", "metrics");
            for (String name : List.of("admin", "api", "metrics")) {
                ServerInfo info = registry.lookup(name).orElseThrow();
                assertThat(info.port()).as(name).isBetween(1, 65535).isEqualTo(info.server().boundPort());
                assertThat(Ports.isFree(info.port())).as("port of " + name + " is bound").isFalse();
            }
        }
    }

    @Test
    void portZeroIsResolvedInTheFirstInjectedServerInfo() {
        config.loopback("api").set("quic.server.api.port", "0");
        try (SeContainer container = Containers.start(ProducerMethodServers.class, Client.class)) {
            ServerInfo api = container.select(Client.class).get().api();

            assertThat(api.name()).isEqualTo("api");
            assertThat(api.port()).isBetween(1, 65535).isEqualTo(api.server().boundPort());
            assertThat(api.server().localAddress()).hasValueSatisfying(address -> {
                assertThat(address.getAddress().isLoopbackAddress()).isTrue();
                assertThat(address.getPort()).isEqualTo(api.port());
            });
            assertThat(api.options()).containsEntry("configured-port", 0);
        }
    }

    @Test
    void aDisabledServerIsNeitherStartedNorRegisteredAndHasNoServerInfo() {
        config.loopback("api", "admin").set("quic.server.admin.enabled", "false");
        try (SeContainer container = Containers.start(ProducerMethodServers.class, ManagedServer.class)) {
            QuicServerRegistry registry = container.select(QuicServerRegistry.class).get();

            assertThat(registry.names()).containsExactly("api");
            Instance<ServerInfo> admin = container.select(ServerInfo.class, NamedQuicServerLiteral.of("admin"));
            assertThat(admin.isUnsatisfied()).isTrue();
            assertThat(container.select(ServerInfo.class, NamedQuicServerLiteral.of("api")).isResolvable()).isTrue();
            assertThat(container.select(ManagedServer.class, NamedQuicServerLiteral.of("admin")).get().isStarted()).isFalse();
        }
    }
}
