package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quic.server.<name>.drain-timeout}: at container shutdown a server with one is drained
 * through the registry for at most that long (observers see {@code ServerDraining}, then
 * {@code ServerUnregistered} with reason {@code DRAINED}); one without it, or with {@code PT0S}, is
 * closed as before; all of them still in reverse start order.
 */
class DrainAtShutdownTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** alpha and gamma are doubles that record their drains (they bind nothing: their ports are configured); beta binds a real UDP port. */
    @ApplicationScoped
    static class Servers {
        static TestServer alpha;
        static UdpTestServer beta;
        static TestServer gamma;

        @Produces
        @ApplicationScoped
        @NamedQuicServer("alpha")
        QuicServer alpha() {
            alpha = TestServer.named("alpha");
            return alpha;
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("beta")
        QuicServer beta() {
            beta = new UdpTestServer();
            return beta;
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("gamma")
        QuicServer gamma() {
            gamma = TestServer.named("gamma");
            return gamma;
        }
    }

    @ApplicationScoped
    static class Watcher {
        void draining(@Observes ServerDraining event) {
            EVENTS.add("draining " + event.server().name());
        }

        void unregistered(@Observes ServerUnregistered event) {
            EVENTS.add("unregistered " + event.server().name() + " " + event.reason());
        }
    }

    @BeforeEach
    void reset() {
        EVENTS.clear();
        config.loopback("alpha", "beta", "gamma").set("quic.server.alpha.port", "4431").set("quic.server.gamma.port", "4433");
    }

    @Test
    void aServerWithADrainTimeoutIsDrainedAtShutdownAndOneWithoutIsClosedAsBeforeInReverseStartOrder() {
        config.set("quic.server.alpha.drain-timeout", "30s").set("quic.server.gamma.drain-timeout", "PT0.5S");
        int betaPort;
        try (SeContainer container = Containers.start(Servers.class, Watcher.class)) {
            QuicServerRegistry registry = container.select(QuicServerRegistry.class).get();
            assertThat(registry.names()).containsExactly("alpha", "beta", "gamma");
            assertThat(registry.lookup("alpha").orElseThrow().options()).as("not an option of the server")
                    .doesNotContainKey("drain-timeout");
            betaPort = registry.port("beta").orElseThrow();
        }

        assertThat(EVENTS).containsExactly("draining gamma", "unregistered gamma DRAINED", "unregistered beta TERMINATED",
                "draining alpha", "unregistered alpha DRAINED");
        assertThat(Servers.alpha.drains()).containsExactly(Duration.ofSeconds(30));
        assertThat(Servers.gamma.drains()).containsExactly(Duration.ofMillis(500));
        assertThat(List.of(Servers.alpha, Servers.gamma)).allSatisfy(server -> assertThat(server.isTerminated()).isTrue());
        assertThat(Servers.beta.isTerminated()).isTrue();
        assertThat(Ports.isFree(betaPort)).isTrue();
    }

    @Test
    void withoutADrainTimeoutOrWithPT0SEveryServerIsClosedAtOnceAsBefore() {
        config.set("quic.server.alpha.drain-timeout", "PT0S");
        try (SeContainer container = Containers.start(Servers.class, Watcher.class)) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).containsExactly("alpha", "beta", "gamma");
        }

        assertThat(EVENTS).containsExactly("unregistered gamma TERMINATED", "unregistered beta TERMINATED",
                "unregistered alpha TERMINATED");
        assertThat(Servers.alpha.drains()).isEmpty();
        assertThat(Servers.gamma.drains()).isEmpty();
        assertThat(List.of(Servers.alpha, Servers.gamma)).allSatisfy(server -> assertThat(server.isTerminated()).isTrue());
    }
}
