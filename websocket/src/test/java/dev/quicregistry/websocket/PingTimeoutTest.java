package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.reconnect.ConnectionState;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With pings on, a server that stops answering them counts as lost. */
class PingTimeoutTest {

    private final Fixture fixture = new Fixture();

    PingTimeoutTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void anUnansweredPingReplacesTheSocket() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder().ping(Duration.ofMillis(30), Duration.ofMillis(150)));
        WebSocket first = client.handle().current().orElseThrow();
        CompletableFuture<WebSocket> next = client.nextConnected().toCompletableFuture();

        fixture.server.answerPings(false);
        WebSocket second = next.get(5, TimeUnit.SECONDS);
        fixture.server.answerPings(true);

        assertThat(fixture.states.get(1)).isInstanceOfSatisfying(ConnectionState.Reconnecting.class,
                reconnecting -> assertThat(reconnecting.cause()).isInstanceOf(PingTimeoutException.class)
                        .hasMessageContaining("pingTimeout=PT0.15S"));
        assertThat(fixture.events(ConnectionReplaced.class)).first().isEqualTo(new ConnectionReplaced(fixture.id, first, second));
    }

    @Test
    void answeredPingsKeepTheSocket() throws Exception {
        fixture.connect(fixture.builder().ping(Duration.ofMillis(20), Duration.ofMillis(500)));

        await().atMost(Fixture.WAIT).until(() -> fixture.server.pings() >= 5);

        assertThat(fixture.states).hasSize(1).first().isInstanceOf(ConnectionState.Connected.class);
        assertThat(fixture.server.handshakes()).isEqualTo(1);
    }

    @Test
    void noPingTurnsOffPingsConfiguredBefore() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder().ping(Duration.ofMillis(10), Duration.ofMillis(50)).noPing());
        fixture.server.answerPings(false);

        // ten ping intervals of the overridden setting: a ping would have been sent, and unanswered, replaced the socket
        await().during(Duration.ofMillis(100)).atMost(Fixture.WAIT).until(() -> fixture.server.pings() == 0);

        assertThat(client.state()).isInstanceOf(ConnectionState.Connected.class);
        assertThat(fixture.server.handshakes()).isEqualTo(1);
    }
}
