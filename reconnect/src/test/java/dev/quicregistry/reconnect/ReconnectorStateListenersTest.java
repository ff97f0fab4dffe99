package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.Registration;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState.Connected;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who hears the states of a reconnector, until when, and what a listener may do from inside. */
class ReconnectorStateListenersTest {

    private static final ConnectionId ID = ConnectionId.of("feed");

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final VirtualScheduler clock = new VirtualScheduler();
    private final ScriptedConnector connector = new ScriptedConnector(clock);
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private Reconnector<TestTransport> reconnector;

    @AfterEach
    void closeReconnector() {
        if (reconnector != null) {
            reconnector.close();
        }
    }

    private Reconnector.Builder<TestTransport> builder() {
        return Reconnector.builder(registry, ID, connector)
                .backoff(ExponentialBackoff.of(Duration.ofMillis(100), Duration.ofSeconds(1), 3))
                .scheduler(clock).transportCloser(TestTransport::close);
    }

    @Test
    void aListenerAddedLaterHearsEveryLaterStateUntilItsRegistrationIsClosed() throws Exception {
        reconnector = builder().start();
        Registration registration = reconnector.addStateListener(states::add);
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new IOException("reset"));

        registration.close();
        clock.runNext();
        connector.succeedNext("second");

        assertThat(states).extracting(s -> s.getClass().getSimpleName()).containsExactly("Connected", "Reconnecting");
    }

    @Test
    void aListenerThatThrowsIsLoggedAtWarningAndTheOthersStillHearTheState() throws Exception {
        IllegalStateException failure = new IllegalStateException("listener bug");
        Consumer<ConnectionState> throwing = new Consumer<>() {
            @Override
            public void accept(ConnectionState state) {
                throw failure;
            }

            @Override
            public String toString() {
                return "throwing listener";
            }
        };
        try (LogCapture log = LogCapture.of(Reconnector.class)) {
            reconnector = builder().stateListener(throwing).stateListener(states::add).start();

            connector.succeedNext("first");

            assertThat(reconnector.state()).isInstanceOf(Connected.class);
            assertThat(states).containsExactly(new Connected());
            List<LogRecord> warnings = log.at(Level.WARNING);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage())
                    .isEqualTo("state listener throwing listener of connection 'feed' threw on Connected[]; ignored");
            assertThat(warnings.get(0).getThrown()).isSameAs(failure);
        }
    }

    @Test
    void aListenerMayCloseTheReconnectorAndThatCloseReturnsTrueAtOnce() throws Exception {
        List<Boolean> closeResults = new CopyOnWriteArrayList<>();
        reconnector = builder().stateListener(state -> {
            if (state instanceof Connected) {
                closeResults.add(reconnector.close(Duration.ofMillis(1)));
            }
        }).stateListener(states::add).build();
        reconnector.start();

        TestTransport first = connector.succeedNext("first");

        assertThat(closeResults).containsExactly(true);
        assertThat(reconnector.state()).isInstanceOfSatisfying(Closed.class,
                closed -> assertThat(closed.reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT));
        assertThat(states).extracting(s -> s.getClass().getSimpleName()).containsExactly("Connected", "Closed");
        assertThat(first.closes).hasValue(1);
        assertThat(registry.ids()).isEmpty();
    }
}
