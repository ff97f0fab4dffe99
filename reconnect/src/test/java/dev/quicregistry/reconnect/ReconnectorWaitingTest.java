package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stages to wait on: connected(), nextConnected(), awaitConnected() and how each reports a close. */
class ReconnectorWaitingTest {

    private static final ConnectionId ID = ConnectionId.of("feed");

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final VirtualScheduler clock = new VirtualScheduler();
    private final ScriptedConnector connector = new ScriptedConnector(clock);
    private Reconnector<TestTransport> reconnector;

    @AfterEach
    void closeReconnector() {
        if (reconnector != null) {
            reconnector.close();
        }
    }

    private Reconnector<TestTransport> start(int maxAttempts) {
        reconnector = Reconnector.builder(registry, ID, connector)
                .backoff(ExponentialBackoff.of(Duration.ofMillis(100), Duration.ofSeconds(1), maxAttempts))
                .scheduler(clock).transportCloser(TestTransport::close).start();
        return reconnector;
    }

    @Test
    void connectedIsTheLiveTransportAtOnceWhileConnected() throws Exception {
        start(3);
        TestTransport first = connector.succeedNext("first");

        CompletableFuture<TestTransport> connected = reconnector.connected().toCompletableFuture();

        assertThat(connected).isDone();
        assertThat(connected.getNow(null)).isSameAs(first);
    }

    @Test
    void connectedWhileTheFirstAttemptIsUnderWayCompletesWithItsTransport() throws Exception {
        start(3);
        CompletableFuture<TestTransport> connected = reconnector.connected().toCompletableFuture();
        assertThat(connected).isNotDone();

        TestTransport first = connector.succeedNext("first");

        assertThat(connected.getNow(null)).isSameAs(first);
    }

    @Test
    void connectedWhileReconnectingCompletesWithTheReplacementNotTheLostTransport() throws Exception {
        start(3);
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new IOException("reset"));

        CompletableFuture<TestTransport> connected = reconnector.connected().toCompletableFuture();
        assertThat(connected).isNotDone();
        clock.runNext();
        TestTransport second = connector.succeedNext("second");

        assertThat(connected.getNow(null)).isSameAs(second);
    }

    @Test
    void connectedFailsAtOnceWithTheClosedStateOnceClosed() {
        start(3);
        reconnector.close();

        CompletableFuture<TestTransport> connected = reconnector.connected().toCompletableFuture();

        assertThat(connected).isCompletedExceptionally();
        assertThatThrownBy(connected::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(ConnectionClosedException.class,
                        e -> assertThat(e.state()).isSameAs(reconnector.state()));
    }

    @Test
    void nextConnectedSkipsTheLiveTransportAndCompletesWithTheOneAfterIt() throws Exception {
        start(3);
        TestTransport first = connector.succeedNext("first");

        CompletableFuture<TestTransport> next = reconnector.nextConnected().toCompletableFuture();
        assertThat(next).isNotDone();
        reconnector.transportLost(first, new IOException("reset"));
        clock.runNext();
        TestTransport second = connector.succeedNext("second");

        assertThat(next.getNow(null)).isSameAs(second);
    }

    @Test
    void aWaiterCompletingItsOwnStageDoesNotCompleteAnyoneElses() throws Exception {
        start(3);
        reconnector.connected().toCompletableFuture().complete(new TestTransport("forged"));
        reconnector.nextConnected().toCompletableFuture().complete(new TestTransport("forged too"));

        CompletableFuture<TestTransport> connected = reconnector.connected().toCompletableFuture();

        assertThat(connected).isNotDone();
        TestTransport first = connector.succeedNext("first");
        assertThat(connected.getNow(null)).isSameAs(first);
    }

    @Test
    void aWaitUnderWayWhenTheReconnectorClosesFailsWithConnectionClosedException() throws Exception {
        start(3);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.complete(new AssertionError("connected to " + reconnector.awaitConnected(Duration.ofSeconds(5))));
            } catch (Throwable thrown) {
                outcome.complete(thrown);
            }
        }, "waiter");
        waiter.start();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1))
                .until(() -> reconnector.waitersForNextConnection() == 1);

        reconnector.close();

        assertThat(outcome.get(2, TimeUnit.SECONDS)).isInstanceOfSatisfying(ConnectionClosedException.class,
                e -> assertThat(e.state().reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT));
        waiter.join(2_000);
    }

    @Test
    void theExceptionOfAClosedReconnectorCarriesItsClosedStateCauseAndReason() throws Exception {
        start(1);
        ConnectException refused = new ConnectException("refused");
        connector.nextAttempt().completeExceptionally(new ConnectException("refused first"));
        clock.runNext();
        connector.nextAttempt().completeExceptionally(refused);

        assertThatThrownBy(() -> reconnector.awaitConnected(Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ConnectionClosedException.class, e -> {
                    assertThat(e.state()).isSameAs(reconnector.state());
                    assertThat(e.state().reason()).isEqualTo(Closed.Reason.ATTEMPTS_EXHAUSTED);
                    assertThat(e).hasMessageStartingWith("connection 'feed' is closed (ATTEMPTS_EXHAUSTED): backoff policy ")
                            .hasMessageEndingWith("last failure: java.net.ConnectException: refused");
                    assertThat(e.getCause()).isSameAs(refused);
                });
    }

    @Test
    void theExceptionOfAReconnectorClosedByItsClientHasNoCause() {
        start(3);
        reconnector.close();

        assertThatThrownBy(() -> reconnector.awaitConnected(Duration.ofSeconds(1)))
                .isInstanceOf(ConnectionClosedException.class)
                .hasMessage("connection 'feed' is closed (CLOSED_BY_CLIENT): closed by the client")
                .hasNoCause();
    }
}
