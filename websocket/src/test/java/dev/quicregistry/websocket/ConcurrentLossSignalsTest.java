package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionReplaced;
import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/** Every loss signal of one real socket, raised at once from four threads, replaces it once. */
class ConcurrentLossSignalsTest {

    private final Fixture fixture = new Fixture();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    ConcurrentLossSignalsTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        fixture.close();
    }

    @RepeatedTest(10)
    void readErrorCloseFramePingTimeoutAndExplicitReportGiveOneReconnectionAndOneEvent() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());
        WebSocket first = client.handle().current().orElseThrow();
        SocketListener socket = client.socketListener(first).orElseThrow();
        CompletableFuture<WebSocket> next = client.nextConnected().toCompletableFuture();
        CyclicBarrier barrier = new CyclicBarrier(4);
        List<Runnable> signals = List.of(
                () -> socket.onError(first, new IOException("read error")),
                () -> socket.onClose(first, CloseCodes.ABNORMAL_CLOSURE, ""),
                () -> client.pingTimedOut(first),
                () -> client.reportLost(first, new IllegalStateException("explicit")));

        List<Future<?>> raised = new ArrayList<>();
        for (Runnable signal : signals) {
            raised.add(threads.submit(() -> {
                barrier.await(2, TimeUnit.SECONDS);
                signal.run();
                return null;
            }));
        }
        for (Future<?> each : raised) {
            each.get(5, TimeUnit.SECONDS);
        }
        WebSocket second = next.get(5, TimeUnit.SECONDS);

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> fixture.server.handshakes() == 2);
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, first, second));
        assertThat(fixture.states).extracting(state -> state.getClass().getSimpleName())
                .containsExactly("Connected", "Reconnecting", "Connected");
        assertThat(first.isOutputClosed()).as("the lost socket was aborted").isTrue();
    }
}
