package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.cdi.internal.BoundPortConfigSource;
import dev.quicregistry.cdi.internal.QuicRegistryRuntime;
import dev.quicregistry.cdi.internal.ServerLaunch;
import dev.quicregistry.cdi.internal.ServerStartException;
import dev.quicregistry.testing.UdpTestServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** A directory that writes what the runtime does with it into {@link #bridged}, beside the registry events. */
    private final class RecordingDirectory implements QuicServerDirectory {

        @Override
        public List<ServerEndpoint> endpoints(String name) {
            return List.of();
        }

        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public Registration publish(QuicServerRegistry local) {
            assertThat(local).isSameAs(runtime.servers());
            bridged.add("publish");
            return () -> bridged.add("unpublish");
        }

        @Override
        public Registration addListener(DirectoryListener listener) {
            bridged.add("listen");
            return () -> bridged.add("unlisten");
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public void close() {
            bridged.add("close directory");
        }
    }

    @Test
    void anAttachedDirectoryPublishesTheServersAndIsClosedOnceAfterThemAtStop() throws Exception {
        RecordingDirectory directory = new RecordingDirectory();
        runtime.attachDirectory(directory, event -> { });
        runtime.start(List.of(launch("alpha", new UdpTestServer())), this::bridge);
        assertThat(runtime.directory()).containsSame(directory);

        runtime.stop();
        runtime.stop();

        assertThat(bridged).startsWith("listen", "publish", "+alpha", "-alpha")
                .containsSubsequence("-alpha", "unpublish", "close directory")
                .containsSubsequence("-alpha", "unlisten", "close directory")
                .containsOnlyOnce("unpublish", "unlisten", "close directory")
                .endsWith("close directory");
        assertThat(runtime.directory()).isEmpty();
    }

    @Test
    void aFailedStartClosesTheAttachedDirectoryAfterTheRollback() {
        RecordingDirectory directory = new RecordingDirectory();
        runtime.attachDirectory(directory, event -> { });
        UdpTestServer beta = new UdpTestServer().failStartWith(new IOException("no certificate"));

        assertThatThrownBy(() -> runtime.start(List.of(launch("alpha", new UdpTestServer()), launch("beta", beta)), this::bridge))
                .isInstanceOf(ServerStartException.class);

        assertThat(bridged).containsSubsequence("+alpha", "-alpha", "unpublish", "close directory")
                .containsOnlyOnce("unpublish", "unlisten", "close directory")
                .endsWith("close directory");
        assertThat(runtime.directory()).isEmpty();
    }
}
