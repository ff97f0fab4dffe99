package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.impl.LocalConnectionRegistry;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings fail when built, naming the value and what was expected. */
class BuilderValidationTest {

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();

    @Test
    void aNonWebSocketUriIsRejected() {
        assertThatThrownBy(() -> ReconnectingWebSocket.builder(URI.create("http://127.0.0.1:1/x"), registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uri=http://127.0.0.1:1/x is not a WebSocket URI (ws:// or wss://)");
    }

    @Test
    void boundsMustBePositive() {
        ReconnectingWebSocket.Builder builder = ReconnectingWebSocket.builder(URI.create("ws://127.0.0.1:1/x"), registry);
        assertThatThrownBy(() -> builder.sendQueueCapacity(0)).hasMessage("sendQueueCapacity=0 is not valid: expected at least 1");
        assertThatThrownBy(() -> builder.ping(Duration.ZERO, Duration.ofSeconds(1))).hasMessage("pingInterval=PT0S is not valid: expected a positive duration");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1))).hasMessage("connectTimeout=PT-1S is not valid: expected a positive duration");
    }
}
