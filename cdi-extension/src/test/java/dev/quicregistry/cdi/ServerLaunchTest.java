package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.cdi.internal.ServerLaunch;
import dev.quicregistry.testing.UdpTestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a launch names where it is to listen, in messages: host:port, an IPv6 address in brackets. */
class ServerLaunchTest {

    private static ServerLaunch launch(String host) {
        return new ServerLaunch("api", new ServerSettings(host, 4433, Map.of()), UdpTestServer::new);
    }

    @Test
    void theEndpointOfAHostNameOrIpv4AddressIsHostColonPort() {
        assertThat(launch("127.0.0.1").endpoint()).isEqualTo("127.0.0.1:4433");
        assertThat(launch("localhost").endpoint()).isEqualTo("localhost:4433");
    }

    @Test
    void anIpv6AddressIsBracketedOnceInTheEndpoint() {
        assertThat(launch("::1").endpoint()).isEqualTo("[::1]:4433");
        assertThat(launch("[::1]").endpoint()).isEqualTo("[::1]:4433");
    }

    @Test
    void aListedKeyThatIsADocumentedOneWithDotsForDashesIsThatOptionOnceAndAnyOtherListedKeyStays() {
        UdpTestServer server = new UdpTestServer() {
            @Override
            public java.util.Set<String> optionKeys() {
                return java.util.Set.of("idle-timeout", "max-connections");
            }
        };
        ServerSettings listed = new ServerSettings("127.0.0.1", 0,
                Map.of("idle.timeout", "7s", "max.connections", "9", "zone", "eu-1", "alpn", "h3"));
        ServerLaunch launch = new ServerLaunch("api", listed, () -> server, keys -> Map.of("idle-timeout", "7s"));

        assertThat(launch.settingsFor(server).options()).containsOnly(Map.entry("idle-timeout", "7s"),
                Map.entry("max.connections", "9"), // not found under its documented name: kept as listed
                Map.entry("zone", "eu-1"), Map.entry("alpn", "h3"));
    }
}
