package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad builder input fails at once, naming the value and what was expected. */
class ClientBuilderValidationTest {

    private final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
    private final LocalConnectionRegistry connections = new LocalConnectionRegistry();

    @Test
    void aServerNameThatBreaksTheNamingRuleIsRefused() {
        assertThatThrownBy(() -> ReconnectingQuicClient.builder(servers, "no spaces", connections))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("server name 'no spaces' is not valid: expected [A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    }

    @Test
    void nullArgumentsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ReconnectingQuicClient.builder((QuicServerRegistry) null, "api", connections))
                .isInstanceOf(NullPointerException.class).hasMessage("servers must not be null");
        assertThatThrownBy(() -> ReconnectingQuicClient.builder((QuicServerDirectory) null, "api", connections))
                .isInstanceOf(NullPointerException.class).hasMessage("directory must not be null");
        assertThatThrownBy(() -> ReconnectingQuicClient.builder(servers, "api", null))
                .isInstanceOf(NullPointerException.class).hasMessage("connections must not be null");
        assertThatThrownBy(() -> ReconnectingQuicClient.builder(servers, "api", connections).id(null))
                .isInstanceOf(NullPointerException.class).hasMessage("id must not be null");
    }

    @Test
    void durationsMustBePositive() {
        ReconnectingQuicClient.Builder builder = ReconnectingQuicClient.builder(servers, "api", connections);
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectTimeout=PT0S is not valid: expected a positive duration");
        assertThatThrownBy(() -> builder.idleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout=PT-1S is not valid: expected a positive duration");
    }

    @Test
    void alpnNamesAndHostsMustNotBeBlank() {
        ReconnectingQuicClient.Builder builder = ReconnectingQuicClient.builder(servers, "api", connections);
        assertThatThrownBy(() -> builder.alpn("h3", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpn [h3,  ] is not valid: expected protocol names of 1 to 255 characters, such as \"h3\"");
        assertThatThrownBy(() -> builder.host(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host '' is not valid: expected a host name or address");
    }
}
