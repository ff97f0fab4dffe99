package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.cdi.internal.LiteDirectory;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension in an application without beans.xml and without scanning: the standard
 * {@link SeContainerInitializer} with discovery disabled and only the application's classes, and
 * the service-listed extension picked up where discovery is on.
 */
class PlainSeContainerTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    /** What an application writes: a producer of its server, and a bean that uses it. */
    @ApplicationScoped
    static class Application {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer api() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    static class Client {
        @Inject
        @NamedQuicServer("api")
        ServerInfo api;

        @Inject
        QuicServerRegistry servers;

        int port() {
            return api.port();
        }

        QuicServerRegistry servers() {
            return servers;
        }
    }

    /** A main as an application writes it, returning the port its client sees. */
    @SuppressWarnings("unchecked") // addExtensions(Class<? extends Extension>...): a generic varargs array
    static int main() {
        try (SeContainer container = SeContainerInitializer.newInstance()
                .disableDiscovery()
                .addExtensions(QuicRegistryExtension.class)
                .addBeanClasses(Application.class, Client.class)
                .initialize()) {
            Client client = container.select(Client.class).get();
            int port = client.port();
            assertThat(client.servers().port("api")).hasValue(port);
            assertThat(ConfigProvider.getConfig().getValue("quic.server.api.bound-port", Integer.class)).isEqualTo(port);
            assertThat(Ports.isFree(port)).isFalse();
            return port;
        }
    }

    @Test
    void aPlainSeContainerInitializerWithDiscoveryDisabledStartsAndStopsTheServers() {
        config.loopback("api");
        int port = main();
        assertThat(port).isBetween(1, 65535);
        assertThat(Ports.isFree(port)).as("released at shutdown").isTrue();
    }

    @Test
    void theExtensionIsListedAsAServiceAndLoadedWithoutAddingIt() {
        config.loopback("api");
        // Only the added classes are beans; extensions come from META-INF/services/jakarta.enterprise.inject.spi.Extension.
        try (SeContainer container = Containers.IMPLEMENTATION.withServiceListedExtensionsOnly()
                .addBeanClasses(Application.class, Client.class)
                .initialize()) {
            int port = container.select(Client.class).get().port();
            assertThat(port).isBetween(1, 65535);
            assertThat(container.select(QuicServerRegistry.class).get().names()).containsExactly("api");
            // the build-compatible extension is service-listed too, and skipped where the portable one runs
            assertThat(container.select(LiteDirectory.class).isUnsatisfied()).isTrue();
        }
    }
}
