package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.cdi.QuicRegistryExtension;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NettyQuicServer as an application declares it in CDI: a producer method, started by the
 * quic-registry extension from MicroProfile Config (host, port 0, ALPN, PEM certificate and key),
 * reached by a real QUIC client on the port an injected {@code ServerInfo} carries.
 */
class CdiProducedServerTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private final Set<String> properties = new LinkedHashSet<>();

    /** The application's server: only the stream handler is code; everything else is configuration. */
    @ApplicationScoped
    static class Servers {
        @Produces
        @ApplicationScoped
        @NamedQuicServer(value = "echo", port = 4433)
        NettyQuicServer echo() {
            return NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).build();
        }
    }

    /** A bean of the application that needs the server's real port (read through methods: it is proxied). */
    @ApplicationScoped
    static class EchoUser {
        @Inject
        @NamedQuicServer("echo")
        ServerInfo echo;

        @Inject
        QuicServerRegistry servers;

        ServerInfo echo() {
            return echo;
        }

        QuicServerRegistry servers() {
            return servers;
        }
    }

    @BeforeEach
    void configure() throws Exception {
        certificates = TestCertificates.writeTo(dir);
        set("quic.server.echo.host", "127.0.0.1");
        set("quic.server.echo.port", "0");
        set("quic.server.echo.alpn", TestServers.ALPN);
        set("quic.server.echo.cert", certificates.certificateChainPem().toString());
        set("quic.server.echo.key", certificates.privateKeyPem().toString());
    }

    @AfterEach
    void clearConfiguration() {
        properties.forEach(System::clearProperty);
        releaseConfig();
    }

    @Test
    void aProducedServerStartsFromConfigAndAClientReachesItOnTheInjectedPort() throws Exception {
        int port;
        try (WeldContainer container = container()) {
            EchoUser user = container.select(EchoUser.class).get();
            port = user.echo().port();
            assertThat(port).as("port 0 resolved to the bound port").isBetween(1, 65535).isNotEqualTo(4433);
            // The registry holds the container's client proxy (of the bean type QuicServer: the class is final).
            assertThat(user.echo().server()).hasToString("NettyQuicServer[/127.0.0.1:" + port + ", alpn=echo]");
            assertThat(user.echo().server().localAddress())
                    .hasValue(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            assertThat(user.echo().options()).containsEntry("alpn", TestServers.ALPN);
            assertThat(user.servers().port("echo")).hasValue(port);

            try (QuicTestClient client = QuicTestClient.connect(port, TestServers.ALPN, certificates.trusted())) {
                assertThat(client.exchange("hello over CDI")).isEqualTo("hello over CDI");
                await().atMost(BOUND).until(() -> user.servers().connections("echo").orElseThrow().size() == 1);
                assertThat(user.servers().connections("echo").orElseThrow()).singleElement()
                        .extracting(QuicConnection::remoteAddress).isEqualTo(client.localAddress());
            }
            await().atMost(BOUND).until(() -> user.servers().connections("echo").orElseThrow().isEmpty());
        }
        assertThat(portIsFree(port)).as("the container's shutdown closed the server and released its port").isTrue();
    }

    @Test
    void aProducedServerWithoutCertificateFailsTheDeploymentSayingHowToConfigureOne() {
        System.clearProperty("quic.server.echo.cert");
        System.clearProperty("quic.server.echo.key");
        releaseConfig();

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> container().close());

        assertThat(failure).hasMessageContaining("'echo'").hasMessageContaining("127.0.0.1:0")
                .hasMessageContaining("cert").hasMessageContaining("key");
    }

    @Test
    void anOptionWithABadValueFailsTheDeploymentNamingTheConfigurationKeyItCameFrom() {
        set("quic.server.echo.idle-timeout", "soon");

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> container().close());

        assertThat(failure).hasMessageContaining("quic.server.echo.idle-timeout: option idle-timeout=soon is not valid: expected");
    }

    private WeldContainer container() {
        return new Weld("netty-cdi-" + System.nanoTime())
                .disableDiscovery()
                .addExtension(new QuicRegistryExtension())
                .addBeanClasses(Servers.class, EchoUser.class)
                .initialize();
    }

    private void set(String key, String value) {
        properties.add(key);
        System.setProperty(key, value);
        releaseConfig();
    }

    /** SmallRye caches the config per class loader: drop it, so the next container reads this test's properties. */
    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }

    private static boolean portIsFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            return socket.isBound();
        } catch (java.net.SocketException inUse) {
            return false;
        }
    }
}
