package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's close code decides: going away reconnects, a normal closure ends the connection. */
class CloseCodeTest {

    private final Fixture fixture = new Fixture();

    CloseCodeTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void goingAway1001FromTheServerReconnects() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());
        WebSocket first = client.handle().current().orElseThrow();
        CompletableFuture<WebSocket> next = client.nextConnected().toCompletableFuture();

        fixture.server.closeAll(CloseCodes.GOING_AWAY, "restarting");
        WebSocket second = next.get(5, TimeUnit.SECONDS);

        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, first, second));
        assertThat(fixture.states.get(1)).isInstanceOfSatisfying(ConnectionState.Reconnecting.class, reconnecting ->
                assertThat(reconnecting.cause()).isInstanceOfSatisfying(WebSocketClosedException.class,
                        closed -> assertThat(closed.statusCode()).isEqualTo(1001)));
    }

    @Test
    void normalClosure1000FromTheServerEndsTheConnectionForGood() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());
        WebSocket first = client.handle().current().orElseThrow();

        fixture.server.closeAll(CloseCodes.NORMAL_CLOSURE, "done");
        Closed closed = client.closed().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(closed.reason()).isEqualTo(Closed.Reason.ENDED_BY_PEER);
        assertThat(closed.detail()).contains("status 1000").contains("done");
        assertThat(fixture.events).last().isEqualTo(new ConnectionUnregistered(fixture.id, first));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> fixture.server.handshakes() == 1);
    }

    @Test
    void aCustomRuleMakesNormalClosureReconnect() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder().reconnectOnClose(code -> true));
        WebSocket first = client.handle().current().orElseThrow();
        CompletableFuture<WebSocket> next = client.nextConnected().toCompletableFuture();

        fixture.server.closeAll(CloseCodes.NORMAL_CLOSURE, "done");
        WebSocket second = next.get(5, TimeUnit.SECONDS);

        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, first, second));
    }

    @Test
    void theDefaultRuleReconnectsOnlyWhereRetryingCanHelp() {
        assertThat(java.util.List.of(1000, 1002, 1003, 1007, 1008, 1009, 1010))
                .allSatisfy(code -> assertThat(CloseCodes.reconnectsByDefault(code)).as("%d", code).isFalse());
        assertThat(java.util.List.of(1001, 1006, 1011, 1012, 1013, 1014, 4000))
                .allSatisfy(code -> assertThat(CloseCodes.reconnectsByDefault(code)).as("%d", code).isTrue());
    }
}
