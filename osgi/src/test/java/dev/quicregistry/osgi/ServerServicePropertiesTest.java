package dev.quicregistry.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerServicePropertiesTest {

    @Test
    void theNameThePortAndTheOtherPrefixedPropertiesAsOptionsAreRead() {
        ServerServiceProperties read = ServerServiceProperties.parse(Map.of(
                "quic.server.name", "alpha", "quic.server.port", 4433, "quic.server.alpn", "h3",
                "quic.server.groups", new String[] {"a", "b"}, "service.id", 7L, "other.property", "x"));

        assertThat(read.name()).isEqualTo("alpha");
        assertThat(read.port()).isEqualTo(4433);
        assertThat(read.options()).containsExactly(Map.entry("alpn", "h3"), Map.entry("groups", List.of("a", "b")));
    }

    @Test
    void anAbsentPortIsZeroToBeResolvedFromTheBoundPort() {
        assertThat(ServerServiceProperties.parse(Map.of("quic.server.name", "alpha")).port()).isZero();
    }

    @Test
    void aPortGivenAsTextOrLongIsRead() {
        assertThat(ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.port", " 4433 ")).port()).isEqualTo(4433);
        assertThat(ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.port", 4433L)).port()).isEqualTo(4433);
    }

    @Test
    void aNameThatIsNoServerNameIsRefusedNamingThePropertyAndTheValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "no spaces")))
                .withMessageStartingWith("quic.server.name=no spaces is not a server name");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", 42)))
                .withMessageStartingWith("quic.server.name=42 (a Integer) is not a server name");
    }

    @Test
    void aPortOutsideZeroTo65535OrNotANumberIsRefusedNamingThePropertyAndTheValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.port", 70000)))
                .withMessage("quic.server.port=70000 (a Integer) is not a port (0..65535)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.port", "-1")))
                .withMessage("quic.server.port=-1 is not a port (0..65535)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.port", "http")))
                .withMessage("quic.server.port=http is not a port (0..65535)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.port", 443.5)))
                .withMessage("quic.server.port=443.5 (a Double) is not a port (0..65535)");
    }
}
