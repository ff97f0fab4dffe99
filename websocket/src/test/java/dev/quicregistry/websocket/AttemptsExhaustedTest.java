package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import java.net.ConnectException;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the policy's attempts run out, the client closes with the reason and its id is unregistered. */
class AttemptsExhaustedTest {

    private final Fixture fixture = new Fixture();

    AttemptsExhaustedTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void exhaustedAttemptsEndInTheClosedStateWithTheReasonAndAConnectionUnregistered() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder().backoff(Fixture.fastBackoff(3)));
        WebSocket first = client.handle().current().orElseThrow();

        fixture.server.stop();
        Closed closed = client.closed().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(closed.reason()).isEqualTo(Closed.Reason.ATTEMPTS_EXHAUSTED);
        assertThat(closed.detail()).contains("gave up after 3 reconnection attempts");
        assertThat(closed.cause()).get().isInstanceOf(ConnectException.class);
        assertThat(client.state()).isEqualTo(closed);
        assertThat(fixture.events).containsExactly(new ConnectionRegistered(fixture.id, first),
                new ConnectionUnregistered(fixture.id, first));
        assertThat(fixture.registry.ids()).doesNotContain(fixture.id);
        assertThat(client.handle().current()).isEmpty();
        assertThat(fixture.states).filteredOn(state -> state.getClass().getSimpleName().equals("Reconnecting")).hasSize(3);
        assertThat(client.sendText("too late")).isCompletedExceptionally();
        assertThat(Threads.named("quic-registry-websocket-" + fixture.id)).as("own scheduler thread ends").isZero();
    }
}
