package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.se.SeContainer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two containers at once in one class loader, which share one MicroProfile {@code Config}: each has
 * its own registries, and {@code bound-port} follows CDI.md. Weld only: OpenWebBeans SE runs one
 * container per class loader.
 */
class TwoContainersTest {

    private static final String BOUND_PORT = "quic.server.alpha.bound-port";

    @RegisterExtension
    final TestConfig config = new TestConfig();

    @ApplicationScoped
    static class NoServers {
    }

    /** Reads bound-port from configuration in the first observer of alpha's start. */
    @ApplicationScoped
    static class BoundPortReader {
        static final List<String> READ = new CopyOnWriteArrayList<>();

        void alphaStarted(@Observes @jakarta.annotation.Priority(1) @NamedQuicServer("alpha") ServerRegistered event) {
            READ.add(event.server().port() + "=" + ConfigProvider.getConfig().getOptionalValue(BOUND_PORT, Integer.class)
                    .map(String::valueOf).orElse("absent"));
        }
    }

    @Test
    void theRegistryBeansAreOnePerContainer() {
        try (SeContainer first = Containers.start(NoServers.class);
             SeContainer second = Containers.start(NoServers.class)) {
            QuicServerRegistry a = first.select(QuicServerRegistry.class).get();
            QuicServerRegistry b = second.select(QuicServerRegistry.class).get();

            a.register("only-in-first", new UdpTestServer(), 1, Map.of());
            assertThat(first.select(QuicServerRegistry.class).get().names()).containsExactly("only-in-first");
            assertThat(b.names()).isEmpty();
        }
    }

    @Test
    void boundPortReadsTheNewestRunningAlphaAndTheOlderAgainWhenTheNewerStops() {
        config.loopback("alpha");
        BoundPortReader.READ.clear();
        try (SeContainer first = Containers.start(AlphaServer.class, BoundPortReader.class)) {
            int older = first.select(QuicServerRegistry.class).get().port("alpha").orElseThrow();
            assertThat(ConfigProvider.getConfig().getValue(BOUND_PORT, Integer.class)).isEqualTo(older);

            int newer;
            try (SeContainer second = Containers.start(AlphaServer.class, BoundPortReader.class)) {
                newer = second.select(QuicServerRegistry.class).get().port("alpha").orElseThrow();
                assertThat(newer).isNotEqualTo(older);
                assertThat(ConfigProvider.getConfig().getValue(BOUND_PORT, Integer.class)).isEqualTo(newer);
            }

            assertThat(ConfigProvider.getConfig().getValue(BOUND_PORT, Integer.class)).as("the older one's, again").isEqualTo(older);
            assertThat(BoundPortReader.READ).as("read by the first observer of each ServerRegistered")
                    .containsExactly(older + "=" + older, newer + "=" + newer);
        }
        assertThat(ConfigProvider.getConfig().getOptionalValue(BOUND_PORT, Integer.class)).isEmpty();
    }

    @Test
    void theOlderStoppingFirstLeavesTheNewersPort() {
        config.loopback("alpha");
        SeContainer first = Containers.start(AlphaServer.class);
        try (SeContainer second = Containers.start(AlphaServer.class)) {
            int newer = second.select(QuicServerRegistry.class).get().port("alpha").orElseThrow();

            first.close();

            assertThat(ConfigProvider.getConfig().getValue(BOUND_PORT, Integer.class)).isEqualTo(newer);
        } finally {
            if (first.isRunning()) {
                first.close();
            }
        }
    }
}
