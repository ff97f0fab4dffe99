package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An option the server's transport documents ({@link QuicServer#optionKeys()}) is found as an
 * environment variable, which no config implementation lists among its property names. The build
 * sets {@code QUIC_SERVER_ENVTEST_IDLE_TIMEOUT=7s} for this module's tests; no system property is set.
 */
class EnvironmentOptionsTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    /** A server whose transport documents idle-timeout, as the Netty binding does. */
    @ApplicationScoped
    @NamedQuicServer("envtest")
    static class DocumentingServer extends UdpTestServer {
        @Override
        public Set<String> optionKeys() {
            return Set.of("idle-timeout", "alpn");
        }
    }

    @Test
    void aDocumentedOptionSetOnlyAsAnEnvironmentVariableReachesTheServerAndItsEntry() {
        assertThat(System.getenv("QUIC_SERVER_ENVTEST_IDLE_TIMEOUT")).as("set by the build").isEqualTo("7s");
        assertThat(System.getProperties().stringPropertyNames()).noneMatch(key -> key.contains("idle-timeout"));
        config.loopback("envtest");

        try (SeContainer container = Containers.start(DocumentingServer.class)) {
            ServerInfo info = container.select(QuicServerRegistry.class).get().lookup("envtest").orElseThrow();

            assertThat(info.options()).containsEntry("idle-timeout", "7s").doesNotContainKey("alpn");
            assertThat(((UdpTestServer) info.server()).settings().orElseThrow().options()).containsEntry("idle-timeout", "7s")
                    .as("the variable's dotted name, as a config may list it, is not a second, unknown option")
                    .doesNotContainKey("idle.timeout");
        }
    }
}
