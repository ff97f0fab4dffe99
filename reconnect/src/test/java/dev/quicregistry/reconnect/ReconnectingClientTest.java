package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState.Connected;
import dev.quicregistry.reconnect.ConnectionState.Connecting;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a transport binding's client answers from its reconnector, the same for every binding. */
class ReconnectingClientTest {

    private static final ConnectionId ID = ConnectionId.of("feed");

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final VirtualScheduler clock = new VirtualScheduler();
    private final ScriptedConnector connector = new ScriptedConnector(clock);
    private final ScriptedClient client = new ScriptedClient(registry, ID, connector, clock);

    /** The smallest binding: connects through a {@link ScriptedConnector}, closes its reconnector. */
    private static final class ScriptedClient extends ReconnectingClient<TestTransport> {
        private final Reconnector<TestTransport> reconnector;

        ScriptedClient(ConnectionRegistry registry, ConnectionId id, ScriptedConnector connector, VirtualScheduler clock) {
            super(registry, TestTransport.class);
            this.reconnector = Reconnector.builder(registry, id, connector).scheduler(clock)
                    .backoff(ExponentialBackoff.of(Duration.ofMillis(100), Duration.ofSeconds(1), 3))
                    .transportCloser(TestTransport::close).build();
        }

        @Override
        protected Reconnector<TestTransport> reconnector() {
            return reconnector;
        }

        @Override
        public void close() {
            reconnector.close();
        }
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void startMakesTheFirstAttemptOnce() throws Exception {
        assertThat(connector.attemptCount()).isZero();

        client.start();
        client.start();

        assertThat(connector.attemptCount()).isEqualTo(1);
        assertThat(client.state()).isInstanceOf(Connecting.class);
    }

    @Test
    void theClientAnswersWithItsReconnectorsIdStateAndLiveTransport() throws Exception {
        client.start();
        ConnectionHandle<TestTransport> handle = client.handle();
        assertThat(client.id()).isEqualTo(ID);
        assertThat(client.connection()).isEmpty();

        TestTransport first = connector.succeedNext("first");

        assertThat(client.state()).isInstanceOf(Connected.class);
        assertThat(client.connection()).containsSame(first);
        assertThat(handle.id()).isEqualTo(ID);
        assertThat(handle.current()).containsSame(first);
        assertThat(client.awaitConnected(Duration.ofSeconds(1))).isSameAs(first);
        assertThat(client.connected().toCompletableFuture().getNow(null)).isSameAs(first);
    }

    @Test
    void theClientsStagesCompleteWithTheNextTransportAndTheClose() throws Exception {
        client.start();
        TestTransport first = connector.succeedNext("first");
        CompletableFuture<TestTransport> next = client.nextConnected().toCompletableFuture();
        CompletableFuture<Closed> closed = client.closed().toCompletableFuture();
        assertThat(next).isNotDone();

        client.reconnector().transportLost(first, new IOException("reset"));
        clock.runNext();
        TestTransport second = connector.succeedNext("second");
        client.close();

        assertThat(next.getNow(null)).isSameAs(second);
        assertThat(closed.getNow(null).reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT);
        assertThat(client.handle().current()).isEmpty();
        assertThatThrownBy(() -> client.awaitConnected(Duration.ofSeconds(1))).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void aStateListenerAddedOnTheClientHearsTheStatesUntilRemoved() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        Registration registration = client.addStateListener(states::add);
        client.start();
        TestTransport first = connector.succeedNext("first");

        registration.close();
        client.reconnector().transportLost(first, new IOException("reset"));

        assertThat(states).containsExactly(new Connected());
    }

    @Test
    void aClientNeedsARegistry() {
        assertThatThrownBy(() -> new ScriptedClient(null, ID, connector, clock)).isInstanceOf(NullPointerException.class)
                .hasMessage("registry must not be null");
    }
}
