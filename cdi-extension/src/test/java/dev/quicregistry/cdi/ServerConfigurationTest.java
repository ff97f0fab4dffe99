package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ports, hosts and options come from MicroProfile Config, with the annotation's port as the default. */
class ServerConfigurationTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    static final List<UdpTestServer> CREATED = new CopyOnWriteArrayList<>();

    @ApplicationScoped
    static class Servers {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer api() {
            UdpTestServer server = new UdpTestServer();
            CREATED.add(server);
            return server;
        }
    }

    @BeforeEach
    void reset() {
        CREATED.clear();
    }

    @Test
    void thePortComesFromTheApplicationsConfigFileAndASystemPropertyOverridesIt(@TempDir Path classes) throws IOException {
        int filePort = Ports.free();
        Path file = classes.resolve("META-INF/microprofile-config.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "quic.server.api.port=" + filePort,
                "quic.server.api.host=127.0.0.1",
                "quic.server.api.alpn=h3",
                "quic.server.api.idle-timeout=30s", ""));

        int fromFile = startWithConfigFile(classes);
        assertThat(fromFile).isEqualTo(filePort);
        assertThat(CREATED.get(0).settings()).contains(
                new ServerSettings("127.0.0.1", filePort, Map.of("alpn", "h3", "idle-timeout", "30s")));

        int overridden = Ports.free();
        config.set("quic.server.api.port", Integer.toString(overridden));
        assertThat(startWithConfigFile(classes)).isEqualTo(overridden);
    }

    /** Starts a container whose application class loader holds {@code classes}; returns api's registered port. */
    private int startWithConfigFile(Path classes) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {classes.toUri().toURL()}, original)) {
            thread.setContextClassLoader(application);
            try (SeContainer container = Containers.start(Servers.class)) {
                ServerInfo api = container.select(QuicServerRegistry.class).get().lookup("api").orElseThrow();
                assertThat(api.server().boundPort()).isEqualTo(api.port());
                return api.port();
            } finally {
                TestConfig.release();
            }
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void everyOtherKeyIsAnOptionAndTheConfiguredPortStaysInTheRegisteredOptions() {
        config.loopback("api").set("quic.server.api.alpn", "h3").set("quic.server.api.token", "s3cr3t");
        try (SeContainer container = Containers.start(Servers.class)) {
            ServerInfo api = container.select(QuicServerRegistry.class).get().lookup("api").orElseThrow();

            assertThat(CREATED.get(0).settings()).hasValueSatisfying(settings -> {
                assertThat(settings.port()).isZero();
                assertThat(settings.host()).isEqualTo("127.0.0.1");
                assertThat(settings.options()).containsOnly(
                        Map.entry("alpn", "h3"), Map.entry("token", "s3cr3t"));
            });
            assertThat(api.options()).containsEntry("configured-port", 0).containsEntry("alpn", "h3");
            assertThat(api.toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void configurationOfAServerNoBeanDeclaresIsIgnoredWithOneWarningNamingItsKeys() {
        config.loopback("api").set("quic.server.apl.port", "4433").set("quic.server.apl.alpn", "h3");
        try (dev.quicregistry.testing.LogCapture log = dev.quicregistry.testing.LogCapture.under("dev.quicregistry.cdi");
             SeContainer container = Containers.start(Servers.class)) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).containsExactly("api");
            assertThat(log.warnings()).filteredOn(warning -> warning.contains("no @NamedQuicServer bean declares")).singleElement()
                    .asString().contains("quic.server.apl.*").doesNotContain("quic.server.api.*").contains("(declared: [api])");
        }
    }

    @Test
    void aSecretOptionReachesTheServerAndTheRegistryEntryHoldsItOnlyMasked() {
        config.loopback("api").set("quic.server.api.key-password", "hunter2")
                .set("quic.server.api.api-key", "k3y").set("quic.server.api.Credentials", "c");
        try (SeContainer container = Containers.start(Servers.class)) {
            ServerInfo api = container.select(QuicServerRegistry.class).get().lookup("api").orElseThrow();
            ServerInfo injected = container.select(ServerInfo.class, NamedQuicServerLiteral.of("api")).get();

            assertThat(CREATED.get(0).settings()).hasValueSatisfying(settings ->
                    assertThat(settings.options()).containsEntry("key-password", "hunter2"));
            assertThat(api.options()).containsEntry("key-password", "***").containsEntry("api-key", "***")
                    .containsEntry("Credentials", "***").doesNotContainValue("hunter2").doesNotContainValue("k3y");
            assertThat(injected.options()).containsEntry("key-password", "***").containsEntry("api-key", "***")
                    .containsEntry("Credentials", "***");
        }
    }
}
