package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.reconnect.ConnectionState;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server is stopped and started again on the same port; the client carries on under its id. */
class ServerRestartTest {

    private final Fixture fixture = new Fixture();

    ServerRestartTest() throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void theClientReconnectsWithOneConnectionReplacedAndTheHandleFollows() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());
        ConnectionHandle<WebSocket> handle = client.handle();
        WebSocket first = handle.current().orElseThrow();
        assertThat(fixture.events).containsExactly(new ConnectionRegistered(fixture.id, first));

        fixture.server.stop();
        fixture.awaitState(state -> state instanceof ConnectionState.Reconnecting);
        assertThat(handle.current()).as("the lost socket stays registered until replaced").containsSame(first);
        CompletableFuture<WebSocket> next = client.nextConnected().toCompletableFuture();
        fixture.server.start();
        WebSocket second = next.get(5, TimeUnit.SECONDS);

        assertThat(second).isNotSameAs(first);
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, first, second));
        assertThat(client.id()).isEqualTo(fixture.id);
        assertThat(handle.id()).isEqualTo(fixture.id);
        assertThat(handle.current()).containsSame(second);
        assertThat(fixture.registry.transport(fixture.id, WebSocket.class)).containsSame(second);
        // the server counts a handshake once its 101 response is written, which the client may see first
        await().atMost(Fixture.WAIT).untilAsserted(() ->
                assertThat(fixture.server.handshakes()).as("handshakes before and after the restart").isEqualTo(2));
    }

    @Test
    void stateListenersAndRegistryEventsRunOnTheClientsOwnThreadAcrossReconnections() throws Exception {
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        fixture.registry.addListener(event -> threads.add(Thread.currentThread().getName()));
        ReconnectingWebSocket client = fixture.builder().build();
        client.addStateListener(state -> threads.add(Thread.currentThread().getName()));
        try {
            client.start();
            client.awaitConnected(Fixture.WAIT);
            for (int restart = 0; restart < 5; restart++) {
                CompletableFuture<WebSocket> next = client.nextConnected().toCompletableFuture();
                fixture.server.stop();
                fixture.server.start();
                next.get(5, TimeUnit.SECONDS);
            }
        } finally {
            client.close();
        }

        // not the HttpClient's executor threads, which every socket of that HttpClient shares
        // close() runs its last step on the closing thread, unless the client's own thread is busy with it then
        assertThat(threads).as("threads of user code").contains("quic-registry-websocket-" + fixture.id)
                .isSubsetOf("quic-registry-websocket-" + fixture.id, Thread.currentThread().getName());
    }

    @Test
    void messagesQueuedDuringTheOutageArriveOnceInOrder() throws Exception {
        ReconnectingWebSocket client = fixture.connect(fixture.builder());
        client.sendText("before").get(5, TimeUnit.SECONDS);
        assertThat(fixture.server.nextMessage()).isEqualTo("before");

        fixture.server.stop();
        fixture.awaitState(state -> state instanceof ConnectionState.Reconnecting);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("queued-" + i);
            sent.add(client.sendText("queued-" + i));
        }
        assertThat(client.queuedMessages()).isEqualTo(100);
        assertThat(sent).noneMatch(CompletableFuture::isDone);
        fixture.server.start();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        client.sendText("after").get(5, TimeUnit.SECONDS);

        List<String> afterRestart = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            afterRestart.add(fixture.server.nextMessage());
        }
        expected.add("after");
        assertThat(afterRestart).containsExactlyElementsOf(expected);
        assertThat(fixture.server.receivedInOrder()).hasSize(102).doesNotHaveDuplicates();
        assertThat(client.queuedMessages()).isZero();
    }

    @Test
    void theApplicationListenerStaysAttachedAndGetsWholeMessages() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        MessageListener listener = new MessageListener() {
            @Override
            public void onText(ReconnectingWebSocket socket, String message) {
                received.add(message);
            }
        };
        // Pings on: in about one run in 25 of this test (only under the load of the whole suite) the JDK
        // client never learns that the server dropped the TCP connection after sending it frames
        // (no onClose/onError, isInputClosed() false after 5 s); an unanswered ping is what catches that.
        ReconnectingWebSocket client = fixture.connect(fixture.builder().listener(listener)
                .ping(Duration.ofMillis(100), Duration.ofMillis(500)));
        await().atMost(Fixture.WAIT).until(() -> fixture.server.openConnections() == 1);
        fixture.server.sendFragmented("hel", "lo ", "one");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello one");

        CompletableFuture<WebSocket> next = client.nextConnected().toCompletableFuture();
        fixture.server.stop();
        fixture.server.start();
        next.get(5, TimeUnit.SECONDS);
        await().atMost(Fixture.WAIT).until(() -> fixture.server.openConnections() == 1);
        fixture.server.sendFragmented("hello ", "two");
        fixture.server.sendFragmented("three");

        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello two");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("three");
        assertThat(received).isEmpty();
    }
}
