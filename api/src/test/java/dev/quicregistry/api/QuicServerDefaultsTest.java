package dev.quicregistry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a transport that implements only {@link QuicServer}'s abstract methods gets. */
class QuicServerDefaultsTest {

    @Test
    void aServerThatCannotDrainClosesWhenDrainedWhateverTheGrace() {
        ClosingOnly server = new ClosingOnly();

        server.drain(Duration.ofSeconds(5));
        server.drain(Duration.ZERO);

        assertThat(server.closes).hasValue(2);
        assertThat(server.optionKeys()).isEmpty();
    }

    @Test
    void aBadGraceIsRefusedNamingItAndClosesNothing() {
        ClosingOnly server = new ClosingOnly();

        assertThatIllegalArgumentException().isThrownBy(() -> server.drain(Duration.ofMillis(-1)))
                .withMessage("grace=PT-0.001S is not valid: expected zero or a positive duration");
        assertThatNullPointerException().isThrownBy(() -> server.drain(null)).withMessage("grace must not be null");
        assertThat(server.closes).hasValue(0);
    }

    @Test
    void aDrainingEventNamesItsEntryAndDeadline() {
        ServerInfo entry = new ServerInfo("api", new ClosingOnly(), 1, java.util.Map.of(), java.time.Instant.EPOCH);
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

    /** A transport that cannot drain. */
    private static final class ClosingOnly implements QuicServer {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void start(ServerSettings settings) {
        }

        @Override
        public int boundPort() {
            return 0;
        }

        @Override
        public Optional<InetSocketAddress> localAddress() {
            return Optional.empty();
        }

        @Override
        public List<QuicConnection> connections() {
            return List.of();
        }

        @Override
        public CompletionStage<Void> termination() {
            return new CompletableFuture<>();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
