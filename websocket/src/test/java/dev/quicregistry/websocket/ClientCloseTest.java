package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.ExponentialBackoff;
import java.net.http.WebSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client close() is final: it never reconnects, even in the middle of a reconnection. */
class ClientCloseTest {

    private final Fixture fixture = new Fixture();

    ClientCloseTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void closeSendsNormalClosureUnregistersAndNeverReconnects() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());
        WebSocket first = client.handle().current().orElseThrow();

        client.close();

        assertThat(fixture.server.nextCloseCode()).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(client.state()).isInstanceOfSatisfying(Closed.class,
                closed -> assertThat(closed.reason()).isEqualTo(Closed.Reason.CLOSED_BY_CLIENT));
        assertThat(fixture.events).last().isEqualTo(new ConnectionUnregistered(fixture.id, first));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> fixture.server.handshakes() == 1 && fixture.server.openConnections() == 0);
    }

    @Test
    void closeDuringAReconnectStopsItWithNoFurtherAttemptAndNoLeakedThread() throws Exception {
        String schedulerThread = "quic-registry-websocket-" + fixture.id;
        ReconnectingWebSocket client = fixture.connect(fixture.builder()
                .backoff(ExponentialBackoff.of(Duration.ofMillis(20), Duration.ofMillis(50), ExponentialBackoff.UNLIMITED)));
        fixture.server.stop();
        fixture.awaitState(state -> state instanceof ConnectionState.Reconnecting && ((ConnectionState.Reconnecting) state).attempt() >= 3);

        client.close();
        int statesAtClose = fixture.states.size();
        fixture.server.start();

        assertThat(Threads.named(schedulerThread)).as("the client's scheduler thread ended").isZero();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> fixture.server.handshakes() == 1);
        assertThat(fixture.states).hasSize(statesAtClose);
        assertThat(fixture.states.get(statesAtClose - 1)).isInstanceOf(Closed.class);
        assertThat(fixture.registry.ids()).doesNotContain(fixture.id);
    }
}
