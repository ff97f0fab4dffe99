package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.impl.LocalConnectionRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A peer that goes away (a draining server) is not a failure: the next attempt is made at once,
 * no backoff step is used up, and the reconnection is one {@code ConnectionReplaced}; on a virtual clock.
 */
class ReconnectorGoingAwayTest {

    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final VirtualScheduler clock = new VirtualScheduler();
    private final ScriptedConnector connector = new ScriptedConnector(clock);
    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private final Reconnector<TestTransport> reconnector = Reconnector.builder(registry, ConnectionId.of("moving"), connector)
            .backoff(attempt -> java.util.Optional.of(BACKOFF)).scheduler(clock).stateListener(states::add)
            .transportCloser(TestTransport::close).build();

    ReconnectorGoingAwayTest() {
        registry.addListener(events::add);
    }

    @Test
    void aTransportLostBecauseItsPeerWentAwayIsReplacedAtOnceWithOneConnectionReplaced() throws Exception {
        reconnector.start();
        TestTransport first = connector.succeedNext("first");
        events.clear();

        reconnector.transportLost(first, new PeerGoingAwayException("server went away"));
        // refused by the next endpoint too (it drains as well): still no backoff
        connector.nextAttempt().completeExceptionally(new PeerGoingAwayException("handshake refused"));
        TestTransport second = connector.succeedNext("second");

        assertThat(clock.requestedDelays()).isEmpty();
        assertThat(connector.attemptTimes()).containsOnly(Duration.ZERO);
        assertThat(events).hasSize(1).first().isInstanceOf(ConnectionReplaced.class);
        assertThat(reconnector.transport()).contains(second);
        assertThat(states).filteredOn(ConnectionState.Reconnecting.class::isInstance).map(ConnectionState.Reconnecting.class::cast)
                .extracting(ConnectionState.Reconnecting::delay, state -> state.cause().getMessage())
                .as("each immediate attempt is told to the state listeners, with no delay")
                .containsExactly(tuple(Duration.ZERO, "server went away"), tuple(Duration.ZERO, "handshake refused"));
    }

    @Test
    void peersThatAllGoAwayAreDialedAtOnceOnlyABoundedNumberOfTimesThenTheBackoffApplies() throws Exception {
        reconnector.start();
        TestTransport first = connector.succeedNext("first");
        reconnector.transportLost(first, new PeerGoingAwayException("server went away"));
        for (int i = 1; i < Reconnector.MAX_IMMEDIATE_ATTEMPTS; i++) {
            connector.nextAttempt().completeExceptionally(new PeerGoingAwayException("refused " + i));
        }
        assertThat(clock.requestedDelays()).isEmpty();

        connector.nextAttempt().completeExceptionally(new PeerGoingAwayException("refused again"));

        assertThat(clock.requestedDelays()).containsExactly(BACKOFF);
        assertThat(connector.attemptCount()).isEqualTo(1 + Reconnector.MAX_IMMEDIATE_ATTEMPTS);
        clock.runNext();
        connector.succeedNext("at last");
        TestTransport again = reconnector.transport().orElseThrow();
        reconnector.transportLost(again, new PeerGoingAwayException("went away after a success"));
        assertThat(clock.requestedDelays()).as("a success resets the count of immediate attempts").hasSize(1);
    }

    @Test
    void anyOtherLossStillWaitsItsBackoff() throws Exception {
        reconnector.start();
        TestTransport first = connector.succeedNext("first");

        reconnector.transportLost(first, new java.io.IOException("idle timeout"));

        assertThat(clock.requestedDelays()).containsExactly(BACKOFF);
    }

    @Test
    void aDrainingTransportIsReplacedAtOnceButKeptOpenForItsWorkUntilItIsLost() throws Exception {
        reconnector.start();
        TestTransport first = connector.succeedNext("first");
        events.clear();

        reconnector.transportDraining(first, new PeerGoingAwayException("stream rejected: the server drains"));
        TestTransport second = connector.succeedNext("second");

        assertThat(first.closes).as("kept open: its streams under way finish").hasValue(0);
        assertThat(events).hasSize(1).first().isInstanceOf(ConnectionReplaced.class);
        assertThat(clock.requestedDelays()).isEmpty();
        reconnector.transportLost(first, new PeerGoingAwayException("went away"));
        assertThat(first.closes).as("closed once it is lost").hasValue(1);
        assertThat(reconnector.transport()).as("the loss of a replaced transport changes nothing").contains(second);
        assertThat(events).hasSize(1);
    }

    @Test
    void drainingTransportsAreBoundedAndClosedWithTheReconnector() throws Exception {
        reconnector.start();
        List<TestTransport> drained = new java.util.ArrayList<>();
        TestTransport live = connector.succeedNext("0");
        for (int i = 1; i <= Reconnector.MAX_DRAINING_TRANSPORTS + 1; i++) {
            drained.add(live);
            reconnector.transportDraining(live, new java.io.IOException("draining " + i)); // any cause: backoff applies
            clock.runNext();
            live = connector.succeedNext(Integer.toString(i));
        }

        assertThat(drained.get(0).closes).as("the oldest, past the bound").hasValue(1);
        assertThat(drained.subList(1, drained.size())).allSatisfy(t -> assertThat(t.closes).hasValue(0));
        reconnector.transportDraining(drained.get(1), new java.io.IOException("not live: ignored"));
        reconnector.close();
        assertThat(drained).allSatisfy(t -> assertThat(t.closes).hasValue(1));
        assertThat(live.closes).hasValue(1);
    }
}
