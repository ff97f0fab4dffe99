package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.reconnect.ConnectionState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a server sends is taken up to maxMessageSize; what a client sends fails alone where it cannot be encoded. */
class IncomingMessageBoundTest {

    private static final long HUNDRED_MIB = 100L * 1024 * 1024;
    private static final int MAX_MESSAGE = 1024 * 1024;

    private final Fixture fixture = new Fixture();

    IncomingMessageBoundTest() throws Exception {
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aHundredMibMessageIsRefusedWith1009AtTheBoundAndTheConnectionEndsForGood() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        ReconnectingWebSocket client = fixture.connect(fixture.builder().maxMessageSize(MAX_MESSAGE)
                .listener(new MessageListener() {
                    @Override
                    public void onText(ReconnectingWebSocket socket, String message) {
                        delivered.add(message);
                    }
                }));

        long written = fixture.server.streamText(HUNDRED_MIB, 64 * 1024);

        // 4009: the JDK client cannot send 1009 itself (only 1000 and 3000-4999); its reason says 1009
        assertThat(fixture.server.nextCloseCode()).as("the client's close code").isEqualTo(CloseCodes.MESSAGE_TOO_BIG_SENT);
        assertThat(written).as("bytes the server got out before the client closed").isLessThan(HUNDRED_MIB / 4);
        assertThat(client.closed().toCompletableFuture().get(5, TimeUnit.SECONDS)).satisfies(closed -> {
            assertThat(closed.reason()).isEqualTo(ConnectionState.Closed.Reason.ENDED_BY_PEER);
            assertThat(closed.detail()).contains("maxMessageSize", "closed with 4009");
        });
        assertThat(delivered).isEmpty();
        assertThat(fixture.server.handshakes()).as("not retried").isEqualTo(1);
    }

    @Test
    void aMessageWithAnUnpairedSurrogateFailsAloneAndTheNextIsDeliveredOnTheSameSocket() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());

        CompletableFuture<Void> broken = client.sendText("half an emoji \uD83D");
        CompletableFuture<Void> next = client.sendText("the next message");

        assertThatThrownBy(() -> broken.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        next.get(5, TimeUnit.SECONDS);
        assertThat(fixture.server.nextMessage()).isEqualTo("the next message");
        assertThat(fixture.server.handshakes()).as("no reconnection").isEqualTo(1);
        assertThat(fixture.states).hasSize(1).first().isInstanceOf(ConnectionState.Connected.class);
    }

    @Test
    void toStringMasksSecretQueryParameters() throws Exception {
        ReconnectingWebSocket client = ReconnectingWebSocket.builder(
                java.net.URI.create(fixture.server.uri() + "?symbol=EUR&access_token=s3cr3t&api_key=k3y"), fixture.registry)
                .build();
        try {
            assertThat(client.toString()).contains("symbol=EUR", "access_token=***", "api_key=***")
                    .doesNotContain("s3cr3t", "k3y");
        } finally {
            client.close();
        }
    }
}
