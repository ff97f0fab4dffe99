package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.reconnect.ConnectionState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The send queue holds at most sendQueueCapacity messages; past it a send fails at once. */
class SendQueueBoundTest {

    private final Fixture fixture = new Fixture();

    SendQueueBoundTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void pastTheBoundASendFailsAtOnceNamingTheBoundAndTheQueuedOnesStillArrive() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder().sendQueueCapacity(3));
        fixture.server.stop();
        fixture.awaitState(state -> state instanceof ConnectionState.Reconnecting);

        List<CompletableFuture<Void>> queued = List.of(client.sendText("1"), client.sendText("2"), client.sendText("3"));
        CompletableFuture<Void> overflow = client.sendText("4");

        assertThat(overflow).isCompletedExceptionally();
        assertThat(overflow.handle((ok, failure) -> failure).get()).isInstanceOfSatisfying(SendQueueFullException.class, full -> {
            assertThat(full.capacity()).isEqualTo(3);
            assertThat(full).hasMessageContaining("sendQueueCapacity=3").hasMessageContaining(fixture.id.value())
                    .hasMessageContaining("not queued");
        });
        assertThat(queued).noneMatch(CompletableFuture::isDone);
        assertThat(client.queuedMessages()).isEqualTo(3);

        fixture.server.start();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(List.of(fixture.server.nextMessage(), fixture.server.nextMessage(), fixture.server.nextMessage()))
                .containsExactly("1", "2", "3");
        client.sendText("5").get(5, TimeUnit.SECONDS);
        assertThat(fixture.server.nextMessage()).as("room again once the queue drained").isEqualTo("5");
        assertThat(fixture.server.receivedInOrder()).doesNotContain("4");
    }

    @Test
    void messagesStillQueuedWhenTheClientClosesFailAndLaterSendsFailAtOnce() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());
        fixture.server.stop();
        fixture.awaitState(state -> state instanceof ConnectionState.Reconnecting);
        CompletableFuture<Void> queued = client.sendText("never sent");

        client.close();

        assertThat(queued).isCompletedExceptionally();
        assertThat(queued.handle((ok, failure) -> failure).get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOSED_BY_CLIENT");
        assertThat(client.sendText("after close")).isCompletedExceptionally();
        assertThat(client.queuedMessages()).isZero();
    }
}
