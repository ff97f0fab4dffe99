package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the client dials, asked afresh of the registry each time. The servers here are doubles of
 * the neighbour (a server that reports an address), since what is tested is the lookup.
 */
class RegistryLocatorTest {

    private final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();

    @Test
    void theRegistrysPortAndTheServersBoundAddressAreDialed() throws Exception {
        servers.register("api", TestServer.boundAt(new InetSocketAddress("127.0.0.1", 4433)), 4433, Map.of());

        assertThat(new RegistryLocator(servers, "api", Optional.empty()).locate())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4433));
    }

    @Test
    void aServerBoundToTheWildcardIsDialedAtLoopbackOfItsFamily() throws Exception {
        servers.register("v4", TestServer.boundAt(new InetSocketAddress("0.0.0.0", 4433)), 4433, Map.of());
        servers.register("v6", TestServer.boundAt(new InetSocketAddress("::", 4434)), 4434, Map.of());

        InetSocketAddress v4 = new RegistryLocator(servers, "v4", Optional.empty()).locate();
        InetSocketAddress v6 = new RegistryLocator(servers, "v6", Optional.empty()).locate();

        assertThat(v4.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(v4.getHostString()).as("the TLS host name by default").isEqualTo("localhost");
        assertThat(v4.getPort()).isEqualTo(4433);
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.getAddress().getAddress()).hasSize(16);
        assertThat(v6.getPort()).isEqualTo(4434);
    }

    @Test
    void aGivenHostIsDialedWithThePortOfTheRegistry() throws Exception {
        servers.register("api", TestServer.boundAt(new InetSocketAddress("0.0.0.0", 4433)), 4433, Map.of());
        servers.updatePort("api", 5000);

        assertThat(new RegistryLocator(servers, "api", Optional.of("127.0.0.1")).locate())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5000));
    }

    @Test
    void aNameThatIsNotRegisteredIsNotFoundNamingItAndWhatIsRegistered() {
        servers.register("b", TestServer.boundAt(new InetSocketAddress("127.0.0.1", 1)), 1, Map.of());
        servers.register("a", TestServer.boundAt(new InetSocketAddress("127.0.0.1", 2)), 2, Map.of());

        assertThatThrownBy(() -> new RegistryLocator(servers, "api", Optional.empty()).locate())
                .isInstanceOfSatisfying(QuicServerNotFoundException.class, e -> assertThat(e.serverName()).isEqualTo("api"))
                .hasMessage("no QUIC server named 'api' is registered (registered now: [a, b])");
    }

    @Test
    void aRegisteredServerWhosePortIsNotKnownYetIsNotFoundSayingSo() {
        servers.register("api", TestServer.boundAt(null), 0, Map.of());

        assertThatThrownBy(() -> new RegistryLocator(servers, "api", Optional.empty()).locate())
                .isInstanceOf(QuicServerNotFoundException.class)
                .hasMessage("QUIC server 'api' is registered but its port is not known yet");
    }
}
