package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState.Connected;
import dev.quicregistry.reconnect.ConnectionState.Connecting;
import dev.quicregistry.reconnect.ConnectionState.Reconnecting;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connect, register, lose, replace, give up and close: the engine's life on a virtual clock. */
class ReconnectorLifecycleTest {

    private static final ConnectionId ID = ConnectionId.of("feed");

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final EventLog events = new EventLog();
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

    private Reconnector<TestTransport> start(BackoffPolicy policy) {
        registry.addListener(events);
        reconnector = Reconnector.builder(registry, ID, connector)
                .backoff(policy).scheduler(clock).transportCloser(TestTransport::close)
                .stateListener(states::add).start();
        return reconnector;
    }

    private static ExponentialBackoff backoff(int maxAttempts) {
        return ExponentialBackoff.of(Duration.ofMillis(100), Duration.ofSeconds(1), maxAttempts);
    }

    @Test
    void theFirstTransportIsRegisteredUnderTheId() throws Exception {
        start(backoff(3));
        assertThat(reconnector.state()).isInstanceOf(Connecting.class);
        assertThat(registry.transport(ID)).isEmpty();

        TestTransport first = connector.succeedNext("first");

        assertThat(reconnector.state()).isInstanceOf(Connected.class);
        assertThat(reconnector.transport()).containsSame(first);
        assertThat(events.events()).containsExactly(new ConnectionRegistered(ID, first));
    }

    @Test
    void aLostTransportIsReplacedWithOneConnectionReplacedAndTheHandleFollows() throws Exception {
        start(backoff(3));
        ConnectionHandle<TestTransport> handle = registry.handle(ID, TestTransport.class);
        TestTransport first = connector.succeedNext("first");

        reconnector.transportLost(first, new IOException("connection reset"));

        assertThat(reconnector.state()).isInstanceOfSatisfying(Reconnecting.class, r -> {
            assertThat(r.attempt()).isEqualTo(1);
            assertThat(r.cause()).hasMessage("connection reset");
        });
        assertThat(first.closes).hasValue(1);
        assertThat(handle.current()).as("the lost transport stays until replaced").containsSame(first);
        assertThat(clock.runNext()).isTrue();
        TestTransport second = connector.succeedNext("second");

        assertThat(events.of(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(ID, first, second));
        assertThat(handle.current()).containsSame(second);
        assertThat(handle.id()).isEqualTo(ID);
        assertThat(states).extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Connected", "Reconnecting", "Connected");
    }

    @Test
    void repeatedAndStaleLossSignalsStartOneReconnection() throws Exception {
        start(backoff(3));
        TestTransport first = connector.succeedNext("first");

        reconnector.transportLost(first, new IOException("read error"));
        reconnector.transportLost(first, new IOException("close frame"));
        reconnector.transportLost(first, new TimeoutException("ping timeout"));
        assertThat(clock.pending()).as("one retry scheduled").isEqualTo(1);
        clock.runNext();
        TestTransport second = connector.succeedNext("second");
        reconnector.transportLost(first, new IOException("late signal about the old transport"));

        assertThat(reconnector.state()).isInstanceOf(Connected.class);
        assertThat(clock.pending()).isZero();
        assertThat(connector.attemptCount()).isEqualTo(2);
        assertThat(events.of(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(ID, first, second));
        assertThat(first.closes).hasValue(1);
    }

    @Test
    void aLossSignalStageCompletingStartsTheReconnection() throws Exception {
        registry.addListener(events);
        reconnector = Reconnector.builder(registry, ID, connector).backoff(backoff(3)).scheduler(clock)
                .lossSignal(transport -> transport.lost).start();
        TestTransport first = connector.succeedNext("first");

        first.lost.complete(null);
        clock.runNext();
        TestTransport second = connector.succeedNext("second");

        assertThat(events.of(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(ID, first, second));
    }

    @Test
    void exhaustedAttemptsCloseWithTheReasonAndUnregister() throws Exception {
        start(backoff(2));
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new IOException("server gone"));

        clock.runNext();
        connector.nextAttempt().completeExceptionally(new java.net.ConnectException("refused 1"));
        clock.runNext();
        connector.nextAttempt().completeExceptionally(new java.net.ConnectException("refused 2"));

        assertThat(reconnector.state()).isInstanceOfSatisfying(Closed.class, closed -> {
            assertThat(closed.reason()).isEqualTo(Closed.Reason.ATTEMPTS_EXHAUSTED);
            assertThat(closed.detail()).contains("gave up after 2 reconnection attempts").contains("refused 2");
            assertThat(closed.cause()).get().extracting(Throwable::getMessage).isEqualTo("refused 2");
        });
        assertThat(events.of(ConnectionUnregistered.class)).containsExactly(new ConnectionUnregistered(ID, first));
        assertThat(registry.ids()).doesNotContain(ID);
        assertThat(clock.pending()).isZero();
        assertThat(reconnector.closed().toCompletableFuture()).isCompleted();
    }

    @Test
    void aFailedFirstConnectIsRetriedPerPolicy() throws Exception {
        start(backoff(3));
        connector.nextAttempt().completeExceptionally(new java.net.ConnectException("refused"));

        assertThat(reconnector.state()).isInstanceOf(Reconnecting.class);
        assertThat(events.events()).isEmpty();
        clock.runNext();
        TestTransport first = connector.succeedNext("first");

        assertThat(events.events()).containsExactly(new ConnectionRegistered(ID, first));
    }

    @Test
    void closeDuringAPendingRetryCancelsItAndNoFurtherAttemptIsMade() throws Exception {
        start(backoff(ExponentialBackoff.UNLIMITED));
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new IOException("server gone"));
        assertThat(clock.pending()).isEqualTo(1);

        reconnector.close();

        assertThat(clock.pending()).as("the scheduled retry is cancelled").isZero();
        assertThat(clock.runNext()).isFalse();
        assertThat(connector.attemptCount()).isEqualTo(1);
        assertThat(reconnector.state()).isInstanceOfSatisfying(Closed.class,
                closed -> assertThat(closed.reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT));
        assertThat(events.of(ConnectionUnregistered.class)).containsExactly(new ConnectionUnregistered(ID, first));
    }

    @Test
    void aTransportArrivingAfterCloseIsClosedAndNeverRegistered() throws Exception {
        start(backoff(3));
        CompletableFuture<TestTransport> attempt = connector.nextAttempt();

        reconnector.close();
        TestTransport late = new TestTransport("late");
        attempt.complete(late);

        assertThat(late.closes).hasValue(1);
        assertThat(events.events()).isEmpty();
        assertThat(registry.ids()).isEmpty();
    }

    @Test
    void closingRemovesTheIdOnlyWhileTheRegistryStillHoldsTheReconnectorsTransport() throws Exception {
        start(backoff(3));
        connector.succeedNext("first");
        Object someoneElses = new Object();
        registry.register(ID, someoneElses); // e.g. an application that took the id over

        reconnector.close();

        assertThat(registry.transport(ID)).as("a blind unregister would have removed it").containsSame(someoneElses);
    }

    @Test
    void aThousandTimedOutWaitsLeaveNothingAttachedToTheNextConnection() throws Exception {
        start(backoff(3));

        for (int i = 0; i < 1000; i++) {
            assertThatThrownBy(() -> reconnector.awaitConnected(Duration.ofNanos(1))).isInstanceOf(TimeoutException.class);
        }

        assertThat(reconnector.waitersForNextConnection()).isZero();
        TestTransport first = connector.succeedNext("first");
        assertThat(reconnector.awaitConnected(Duration.ofSeconds(1))).isSameAs(first);
    }

    @Test
    void closeReturnsWithinItsBoundWhileAnotherThreadIsStuckInAStateListener() throws Exception {
        BlockingStateListener stuck = new BlockingStateListener(Reconnecting.class);
        reconnector = Reconnector.builder(registry, ID, connector).backoff(backoff(3)).scheduler(clock)
                .stateListener(stuck).start();
        TestTransport first = connector.succeedNext("first");
        Thread loser = new Thread(() -> reconnector.transportLost(first, new IOException("lost")), "loss-signal");
        loser.start();
        stuck.awaitStuck();
        try {
            long started = System.nanoTime();
            boolean done = reconnector.close(Duration.ofMillis(200));

            assertThat(done).as("the stuck listener still holds the reconnector").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        } finally {
            stuck.release();
            loser.join(5_000);
        }
        assertThat(reconnector.closed().toCompletableFuture().get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(ConnectionState.Closed.Reason.CLOSED_BY_CLIENT);
    }

    @Test
    void closeClosesTheLiveTransportOnceAndIsIdempotent() throws Exception {
        start(backoff(3));
        TestTransport first = connector.succeedNext("first");

        reconnector.close();
        reconnector.close();
        reconnector.transportLost(first, new IOException("after close"));

        assertThat(first.closes).hasValue(1);
        assertThat(events.of(ConnectionUnregistered.class)).hasSize(1);
        assertThat(states).extracting(s -> s.getClass().getSimpleName()).containsExactly("Connected", "Closed");
    }

    @Test
    void aTransportThatEndedForGoodClosesWithoutReconnecting() throws Exception {
        start(backoff(3));
        TestTransport first = connector.succeedNext("first");

        reconnector.transportEnded(first, "server closed normally (1000)");

        assertThat(reconnector.state()).isInstanceOfSatisfying(Closed.class, closed -> {
            assertThat(closed.reason()).isEqualTo(Closed.Reason.ENDED_BY_PEER);
            assertThat(closed.detail()).isEqualTo("server closed normally (1000)");
        });
        assertThat(clock.pending()).isZero();
        assertThat(registry.ids()).isEmpty();
    }

    @Test
    void awaitConnectedReturnsTheNextTransportTimesOutOrReportsTheClose() throws Exception {
        start(backoff(3));
        assertThatThrownBy(() -> reconnector.awaitConnected(Duration.ofMillis(20)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("did not connect within PT0.02S");
        CompletableFuture<TestTransport> next = reconnector.nextConnected().toCompletableFuture();

        TestTransport first = connector.succeedNext("first");

        assertThat(next.get(1, TimeUnit.SECONDS)).isSameAs(first);
        assertThat(reconnector.awaitConnected(Duration.ofSeconds(1))).isSameAs(first);
        CompletableFuture<TestTransport> afterFirst = reconnector.nextConnected().toCompletableFuture();
        reconnector.close();
        assertThatThrownBy(() -> afterFirst.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> reconnector.awaitConnected(Duration.ofSeconds(1)))
                .isInstanceOf(ConnectionClosedException.class).hasMessageContaining("closed by the client");
    }

    @Test
    void aRegistryListenerMayCloseTheReconnectorFromInsideTheReplacedEvent() throws Exception {
        start(backoff(3));
        registry.addListener(event -> {
            if (event instanceof ConnectionReplaced) {
                reconnector.close();
            }
        });
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new IOException("lost"));
        clock.runNext();

        TestTransport second = connector.succeedNext("second");

        assertThat(reconnector.state()).isInstanceOf(Closed.class);
        assertThat(events.events()).containsExactly(new ConnectionRegistered(ID, first),
                new ConnectionReplaced(ID, first, second), new ConnectionUnregistered(ID, second));
        assertThat(second.closes).hasValue(1);
    }

    @Test
    void aConnectorThatThrowsCountsAsAFailedAttempt() {
        registry.addListener(events);
        reconnector = Reconnector.<TestTransport>builder(registry, ID, () -> {
            throw new IOException("no route");
        }).backoff(backoff(1)).scheduler(clock).start();

        clock.runNext();

        assertThat(reconnector.state()).isInstanceOfSatisfying(Closed.class,
                closed -> assertThat(closed.detail()).contains("no route"));
        assertThat(events.events()).isEmpty();
    }

    @Test
    void aLossReportedBeforeItsAttemptCompletedCountsAsAFailedAttempt() throws Exception {
        start(backoff(3));
        CompletableFuture<TestTransport> attempt = connector.nextAttempt();
        TestTransport diedAtOnce = new TestTransport("died at once");

        reconnector.transportLost(diedAtOnce, new IOException("reset during the handshake"));
        attempt.complete(diedAtOnce);

        assertThat(reconnector.state()).isInstanceOfSatisfying(Reconnecting.class,
                r -> assertThat(r.cause()).hasMessage("reset during the handshake"));
        assertThat(diedAtOnce.closes).hasValue(1);
        assertThat(events.events()).isEmpty();
        clock.runNext();
        TestTransport next = connector.succeedNext("next");
        assertThat(events.events()).containsExactly(new ConnectionRegistered(ID, next));
    }

    @Test
    void anEndReportedBeforeItsAttemptCompletedClosesForGood() throws Exception {
        start(backoff(3));
        CompletableFuture<TestTransport> attempt = connector.nextAttempt();
        TestTransport refused = new TestTransport("refused");

        reconnector.transportEnded(refused, "server closed normally (1000)");
        attempt.complete(refused);

        assertThat(reconnector.state()).isInstanceOfSatisfying(Closed.class,
                closed -> assertThat(closed.reason()).isEqualTo(Closed.Reason.ENDED_BY_PEER));
        assertThat(clock.pending()).isZero();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void aLossReportedBeforeAReconnectionAttemptCompletedCountsAsAFailedAttempt() throws Exception {
        start(backoff(3));
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new IOException("server gone"));
        clock.runNext();
        CompletableFuture<TestTransport> secondAttempt = connector.nextAttempt();
        TestTransport diedAtOnce = new TestTransport("died at once");

        reconnector.transportLost(diedAtOnce, new IOException("reset during the handshake"));
        secondAttempt.complete(diedAtOnce);

        assertThat(reconnector.state()).isInstanceOfSatisfying(Reconnecting.class, r -> {
            assertThat(r.attempt()).isEqualTo(2);
            assertThat(r.cause()).hasMessage("reset during the handshake");
        });
        assertThat(diedAtOnce.closes).hasValue(1);
        assertThat(events.events()).containsExactly(new ConnectionRegistered(ID, first));
    }

    @Test
    void anEarlyLossIsForgottenWhenTheNextAttemptStarts() throws Exception {
        start(backoff(3));
        CompletableFuture<TestTransport> firstAttempt = connector.nextAttempt();
        TestTransport pooled = new TestTransport("pooled"); // a connector may hand the same object out again
        reconnector.transportLost(pooled, new IOException("lost while the first attempt was under way"));
        firstAttempt.completeExceptionally(new ConnectException("refused"));

        clock.runNext();
        connector.nextAttempt().complete(pooled);

        assertThat(reconnector.state()).isInstanceOf(Connected.class);
        assertThat(reconnector.transport()).containsSame(pooled);
        assertThat(pooled.closes).hasValue(0);
    }

    @Test
    void anEarlyEndIsForgottenWhenTheNextAttemptStarts() throws Exception {
        start(backoff(3));
        CompletableFuture<TestTransport> firstAttempt = connector.nextAttempt();
        TestTransport pooled = new TestTransport("pooled");
        reconnector.transportEnded(pooled, "ended while the first attempt was under way");
        firstAttempt.completeExceptionally(new ConnectException("refused"));

        clock.runNext();
        connector.nextAttempt().complete(pooled);

        assertThat(reconnector.state()).isInstanceOf(Connected.class);
        assertThat(registry.transport(ID)).containsSame(pooled);
    }

    @Test
    void aTransportConnectingAfterSomeoneUnregisteredTheIdIsRegisteredAgain() throws Exception {
        start(backoff(3));
        TestTransport first = connector.succeedNext("first");
        registry.unregister(ID);
        reconnector.transportLost(first, new IOException("server gone"));
        clock.runNext();

        TestTransport second = connector.succeedNext("second");

        assertThat(registry.transport(ID)).containsSame(second);
        assertThat(events.events()).containsExactly(new ConnectionRegistered(ID, first),
                new ConnectionUnregistered(ID, first), new ConnectionRegistered(ID, second));
    }

    @Test
    void theFirstTransportIsRegisteredAndEveryLaterOneSwappedInWithReplaceTransport() throws Exception {
        RecordingRegistry recording = new RecordingRegistry();
        reconnector = Reconnector.builder(recording, ID, connector).backoff(backoff(3)).scheduler(clock).start();
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new IOException("server gone"));
        clock.runNext();
        connector.succeedNext("second");

        reconnector.close();

        assertThat(recording.writes()).containsExactly("register(TestTransport[first])",
                "replaceTransport(TestTransport[second])", "unregister(TestTransport[second])");
    }

    @Test
    void aFailureWrappedInACompletionExceptionIsReportedAsTheFailureItWraps() throws Exception {
        start(backoff(3));
        ConnectException refused = new ConnectException("refused");

        connector.nextAttempt().completeExceptionally(new CompletionException(refused));

        assertThat(reconnector.state()).isInstanceOfSatisfying(Reconnecting.class,
                r -> assertThat(r.cause()).isSameAs(refused));
    }

    @Test
    void aFailureWithACauseOfItsOwnIsReportedWhole() throws Exception {
        start(backoff(3));
        IOException handshake = new IOException("handshake failed", new EOFException("eof"));

        connector.nextAttempt().completeExceptionally(handshake);

        assertThat(reconnector.state()).isInstanceOfSatisfying(Reconnecting.class,
                r -> assertThat(r.cause()).isSameAs(handshake));
    }

    @Test
    void aBackoffPolicyThatThrowsClosesTheReconnectorWithThatFailureAndTheAttemptsFailureSuppressed() throws Exception {
        IllegalStateException broken = new IllegalStateException("policy broken");
        start(attempt -> {
            throw broken;
        });
        ConnectException refused = new ConnectException("refused");

        connector.nextAttempt().completeExceptionally(refused);

        assertThat(reconnector.state()).isInstanceOfSatisfying(Closed.class, closed -> {
            assertThat(closed.reason()).isEqualTo(Closed.Reason.ATTEMPTS_EXHAUSTED);
            assertThat(closed.detail()).startsWith("backoff policy ")
                    .endsWith(" failed before attempt 1: java.lang.IllegalStateException: policy broken");
            assertThat(closed.cause()).containsSame(broken);
        });
        assertThat(broken.getSuppressed()).containsExactly(refused);
        assertThat(clock.pending()).isZero();
        assertThat(reconnector.closed().toCompletableFuture()).isCompleted();
    }

    @Test
    void aTransportCloserThatThrowsIsLoggedAtWarningAndTheReconnectionGoesOn() throws Exception {
        IllegalStateException closeFailure = new IllegalStateException("already closed");
        try (LogCapture log = LogCapture.of(Reconnector.class)) {
            reconnector = Reconnector.builder(registry, ID, connector).backoff(backoff(3)).scheduler(clock)
                    .transportCloser(transport -> {
                        throw closeFailure;
                    }).start();
            TestTransport first = connector.succeedNext("first");

            reconnector.transportLost(first, new IOException("server gone"));
            clock.runNext();
            TestTransport second = connector.succeedNext("second");

            assertThat(reconnector.transport()).containsSame(second);
            List<LogRecord> warnings = log.at(Level.WARNING);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage()).isEqualTo("closing transport TestTransport[first] of connection 'feed' failed");
            assertThat(warnings.get(0).getThrown()).isSameAs(closeFailure);
        }
    }

    @Test
    void givingUpIsLoggedAtInfoWithTheDetail() throws Exception {
        try (LogCapture log = LogCapture.of(Reconnector.class)) {
            start(backoff(1));
            connector.nextAttempt().completeExceptionally(new ConnectException("refused 1"));
            clock.runNext();
            connector.nextAttempt().completeExceptionally(new ConnectException("refused 2"));

            assertThat(log.messagesAt(Level.INFO)).singleElement().asString()
                    .startsWith("connection 'feed' closed: backoff policy ExponentialBackoff[")
                    .endsWith("gave up after 1 reconnection attempts; last failure: java.net.ConnectException: refused 2");
            assertThat(log.messagesAt(Level.FINE)).isEmpty();
        }
    }

    @Test
    void aCloseByTheClientIsLoggedOnlyAtDebug() throws Exception {
        try (LogCapture log = LogCapture.of(Reconnector.class)) {
            start(backoff(3));
            connector.succeedNext("first");

            reconnector.close();

            assertThat(log.messagesAt(Level.FINE)).containsExactly("connection 'feed' closed: closed by the client");
            assertThat(log.messagesAt(Level.INFO)).isEmpty();
        }
    }
}
