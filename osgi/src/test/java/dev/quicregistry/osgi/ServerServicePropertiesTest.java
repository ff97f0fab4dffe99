package dev.quicregistry.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void aDrainTimeoutIsReadInTheSyntaxOfEveryDurationAndIsNoOption() {
        Map<String, Duration> expected = Map.of("30s", Duration.ofSeconds(30), "30", Duration.ofSeconds(30),
                "PT0.5S", Duration.ofMillis(500), " 250ms ", Duration.ofMillis(250), "0", Duration.ZERO, "PT0S", Duration.ZERO,
                "0ms", Duration.ZERO);
        expected.forEach((value, timeout) -> {
            ServerServiceProperties read = ServerServiceProperties.parse(Map.of("quic.server.name", "a",
                    "quic.server.drain-timeout", value, "quic.server.alpn", "h3"));
            assertThat(read.drainTimeout()).as(value).contains(timeout);
            assertThat(read.options()).containsOnlyKeys("alpn");
        });
        assertThat(ServerServiceProperties.parse(Map.of("quic.server.name", "a")).drainTimeout()).isEmpty();
    }

    @Test
    void aDrainTimeoutThatIsNoDurationOfZeroOrMoreIsRefusedNamingThePropertyTheValueAndWhatIsExpected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.drain-timeout", "soon")))
                .withMessage("quic.server.drain-timeout=soon is not 0 (close at once) or a positive duration: ISO-8601 such as"
                        + " PT30S or PT0.5S, whole seconds such as 30, or with a unit such as 30s or 500ms");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.drain-timeout", "-PT5S")))
                .withMessageStartingWith("quic.server.drain-timeout=-PT5S is not 0 (close at once) or a positive duration");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerServiceProperties.parse(Map.of("quic.server.name", "a", "quic.server.drain-timeout", 5000L)))
                .withMessageStartingWith("quic.server.drain-timeout=5000 (a Long) is not a String: expected 0 (close at once) or");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ServerServiceProperties("a", 0, Map.of(), Optional.of(Duration.ofSeconds(-1))))
                .withMessageStartingWith("quic.server.drain-timeout=PT-1S is not");
    }
}
