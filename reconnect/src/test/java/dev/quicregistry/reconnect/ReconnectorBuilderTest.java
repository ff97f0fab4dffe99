package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState.Connecting;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a reconnector is made of: the builder's checks, build() against start(), and how it names itself. */
class ReconnectorBuilderTest {

    private static final ConnectionId ID = ConnectionId.of("feed");

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final VirtualScheduler clock = new VirtualScheduler();
    private final ScriptedConnector connector = new ScriptedConnector(clock);

    @Test
    void theRequiredPartsMustNotBeNullAndTheMessageNamesTheMissingOne() {
        assertThatThrownBy(() -> Reconnector.builder(null, ID, connector))
                .isInstanceOf(NullPointerException.class).hasMessage("registry must not be null");
        assertThatThrownBy(() -> Reconnector.builder(registry, null, connector))
                .isInstanceOf(NullPointerException.class).hasMessage("id must not be null");
        assertThatThrownBy(() -> Reconnector.builder(registry, ID, null))
                .isInstanceOf(NullPointerException.class).hasMessage("connector must not be null");
    }

    @Test
    void theOptionalPartsMustNotBeSetToNullAndTheMessageNamesTheOption() {
        Reconnector.Builder<TestTransport> builder = Reconnector.builder(registry, ID, connector);

        assertThatThrownBy(() -> builder.backoff(null)).hasMessage("backoff must not be null");
        assertThatThrownBy(() -> builder.scheduler(null)).hasMessage("scheduler must not be null");
        assertThatThrownBy(() -> builder.lossSignal(null)).hasMessage("lossSignal must not be null");
        assertThatThrownBy(() -> builder.transportCloser(null)).hasMessage("transportCloser must not be null");
        assertThatThrownBy(() -> builder.stateListener(null)).hasMessage("listener must not be null");
    }

    @Test
    void aCloseTimeoutMustBePositive() {
        Reconnector.Builder<TestTransport> builder = Reconnector.builder(registry, ID, connector);

        assertThatThrownBy(() -> builder.closeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closeTimeout=PT0S is not valid: expected a positive duration");
        assertThatThrownBy(() -> builder.closeTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.closeTimeout(Duration.ofMillis(1))).isSameAs(builder);
    }

    @Test
    void buildMakesNoAttemptUntilStartAndStartIsIdempotent() throws Exception {
        Reconnector<TestTransport> reconnector = Reconnector.builder(registry, ID, connector).scheduler(clock).build();
        try {
            assertThat(connector.attemptCount()).isZero();
            assertThat(reconnector.state()).isInstanceOf(Connecting.class);

            reconnector.start();
            reconnector.start();

            assertThat(connector.attemptCount()).isEqualTo(1);
        } finally {
            reconnector.close();
        }
    }

    @Test
    void startAfterCloseMakesNoAttempt() {
        Reconnector<TestTransport> reconnector = Reconnector.builder(registry, ID, connector).scheduler(clock).build();
        reconnector.close();

        reconnector.start();

        assertThat(connector.attemptCount()).isZero();
        assertThat(reconnector.state()).isInstanceOf(Closed.class);
    }

    @Test
    void itKnowsItsIdAndNamesItAndItsStateInItsText() throws Exception {
        Reconnector<TestTransport> reconnector = Reconnector.builder(registry, ID, connector).scheduler(clock).start();
        try {
            assertThat(reconnector.id()).isEqualTo(ID);
            assertThat(reconnector).hasToString("Reconnector[feed, Connecting[]]");
            connector.succeedNext("first");
            assertThat(reconnector).hasToString("Reconnector[feed, Connected[]]");
        } finally {
            reconnector.close();
        }
    }
}
