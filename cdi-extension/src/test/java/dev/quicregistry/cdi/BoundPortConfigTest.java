package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The port a server really bound is readable through MicroProfile Config while its container runs. */
class BoundPortConfigTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    @ApplicationScoped
    static class EdgeServer {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("edge")
        QuicServer edge() {
            return new UdpTestServer();
        }
    }

    @Test
    void theBoundPortIsReadableThroughMicroProfileConfigWhileTheContainerRuns() {
        config.loopback("api").set("quic.server.api.port", "0");
        try (SeContainer container = Containers.start(ApiServer.class)) {
            int bound = container.select(QuicServerRegistry.class).get().port("api").orElseThrow();

            assertThat(ConfigProvider.getConfig().getValue("quic.server.api.bound-port", Integer.class))
                    .isEqualTo(bound);
            assertThat(ConfigProvider.getConfig().getValue("quic.server.api.port", Integer.class)).isZero();
        }
        assertThat(ConfigProvider.getConfig().getOptionalValue("quic.server.api.bound-port", Integer.class)).isEmpty();
    }

    @Test
    void theBoundPortWinsOverAStaleValueSetAsASystemProperty() {
        config.loopback("api").set("quic.server.api.bound-port", "1");
        try (SeContainer container = Containers.start(ApiServer.class)) {
            int bound = container.select(QuicServerRegistry.class).get().port("api").orElseThrow();

            assertThat(ConfigProvider.getConfig().getValue("quic.server.api.bound-port", Integer.class)).isEqualTo(bound);
        }
    }
}
