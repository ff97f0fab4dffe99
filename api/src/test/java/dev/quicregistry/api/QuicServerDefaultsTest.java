package dev.quicregistry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a transport that implements only {@link QuicServer}'s abstract methods gets. */
class QuicServerDefaultsTest {

    @Test
    void aServerThatCannotDrainClosesWhenDrainedWhateverTheGrace() {
        InertServer server = new InertServer();

        server.drain(Duration.ofSeconds(5));
        server.drain(Duration.ZERO);

        assertThat(server.closes).hasValue(2);
        assertThat(server.optionKeys()).isEmpty();
    }

    @Test
    void aBadGraceIsRefusedNamingItAndClosesNothing() {
        InertServer server = new InertServer();

        assertThatIllegalArgumentException().isThrownBy(() -> server.drain(Duration.ofMillis(-1)))
                .withMessage("grace=PT-0.001S is not valid: expected zero or a positive duration");
        assertThatNullPointerException().isThrownBy(() -> server.drain(null)).withMessage("grace must not be null");
        assertThat(server.closes).hasValue(0);
    }

    @Test
    void aDrainingEventNamesItsEntryAndDeadline() {
        ServerInfo entry = new ServerInfo("api", new InertServer(), 1, java.util.Map.of(), java.time.Instant.EPOCH);
        assertThatNullPointerException().isThrownBy(() -> new ServerDraining(null, java.time.Instant.EPOCH))
                .withMessage("server must not be null");
        assertThatNullPointerException().isThrownBy(() -> new ServerDraining(entry, null)).withMessage("deadline must not be null");
        assertThat(new ServerDraining(entry, java.time.Instant.EPOCH).deadline()).isEqualTo(java.time.Instant.EPOCH);
    }

    @Test
    void anInvalidOptionNamesItsOptionBesideItsMessage() {
        InvalidOptionException invalid = new InvalidOptionException("idle-timeout", "option idle-timeout=soon is not valid");

        assertThat(invalid.option()).isEqualTo("idle-timeout");
        assertThat(invalid).isInstanceOf(IllegalArgumentException.class).hasMessage("option idle-timeout=soon is not valid");
    }
}
