package dev.quicregistry.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.cdi.QuicRegistryExtension;
import dev.quicregistry.testing.UdpTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** In a real Weld container the meters are bound to the application's MeterRegistry bean, before the servers start. */
class CdiBindingTest {

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
    static class Meters {
        @Produces
        @ApplicationScoped
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    @BeforeEach
    void loopback() {
        System.setProperty("quic.server.api.host", "127.0.0.1");
    }

    @AfterEach
    void clear() {
        System.clearProperty("quic.server.api.host");
    }

    private static SeContainer start(Class<?>... beans) {
        return new Weld("metrics-test").disableDiscovery()
                .addExtensions(new QuicRegistryExtension(), new MetricsExtension())
                .addBeanClasses(beans).initialize();
    }

    @Test
    void theMetersAreBoundToTheMeterRegistryBeanBeforeTheServersStart() {
        try (SeContainer container = start(Application.class, Meters.class)) {
            MeterRegistry meters = container.select(MeterRegistry.class).get();

            assertThat(meters.get("quic.servers.registered").gauge().value()).isEqualTo(1);
            assertThat(meters.get("quic.registry.events").tag("type", "ServerRegistered").counter().count())
                    .as("the start-up's registration counted").isEqualTo(1);
            assertThat(meters.get("quic.server.connections").tag("server", "api").gauge().value()).isZero();
            assertThat(container.select(MetricsBinding.class).get().metrics()).isNotNull();
        }
    }

    @Test
    void withoutAMeterRegistryBeanTheApplicationStartsUnmeasured() {
        try (SeContainer container = start(Application.class)) {
            assertThat(container.select(MeterRegistry.class).isUnsatisfied()).isTrue();
            assertThat(container.select(MetricsBinding.class).isResolvable()).isTrue();
        }
    }
}
