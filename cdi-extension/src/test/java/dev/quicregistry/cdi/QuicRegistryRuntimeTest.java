package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.UdpTestServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The runtime the extension hands its findings to, without a container: registries, bridge, start and stop. */
class QuicRegistryRuntimeTest {

    private final QuicRegistryRuntime runtime = new QuicRegistryRuntime(BoundPortConfigSource.newPublisher());
    private final List<String> bridged = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> registeredPorts = new ConcurrentHashMap<>();

    private void bridge(RegistryEvent event) {
        if (event instanceof ServerRegistered e) {
            bridged.add("+" + e.server().name());
            registeredPorts.put(e.server().name(), e.server().port());
        } else if (event instanceof ServerUnregistered e) {
            bridged.add("-" + e.server().name());
        } else {
            bridged.add(event.getClass().getSimpleName());
        }
    }

    private static ServerLaunch launch(String name, UdpTestServer server) {
        return new ServerLaunch(name, new ServerSettings("127.0.0.1", 0, Map.of()), () -> server);
    }

    @Test
    void theBridgeSeesBothRegistriesFromStartUntilStopAndNothingAfter() throws Exception {
        runtime.start(List.of(launch("alpha", new UdpTestServer()), launch("beta", new UdpTestServer())), this::bridge);
        runtime.connections().register(ConnectionId.of("feed"), "transport");

        runtime.stop();
        runtime.stop();
        runtime.connections().register(ConnectionId.of("after"), "transport");

        assertThat(bridged).containsExactly("+alpha", "+beta", "ConnectionRegistered", "-beta", "-alpha");
        assertThat(runtime.servers().names()).isEmpty();
    }

    @Test
    void aFailedStartDetachesTheBridgeAndLeavesNoPortBound() throws Exception {
        UdpTestServer alpha = new UdpTestServer();
        UdpTestServer beta = new UdpTestServer().failStartWith(new IOException("no certificate"));

        assertThatThrownBy(() -> runtime.start(List.of(launch("alpha", alpha), launch("beta", beta)), this::bridge))
                .isInstanceOf(ServerStartException.class).hasMessageContaining("beta");
        int alphaPort = registeredPorts.get("alpha");
        runtime.connections().register(ConnectionId.of("after"), "transport");

        assertThat(bridged).containsExactly("+alpha", "-alpha");
        assertThat(alpha.isTerminated()).isTrue();
        try (DatagramSocket rebound = new DatagramSocket(alphaPort, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).isEqualTo(alphaPort);
        }
    }
}
