package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.reconnect.ConnectionState.Reconnecting;
import dev.quicregistry.testing.QuicTestClient;
import io.netty.handler.codec.quic.QuicChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as a lost connection, and that any number of signals for one give one reconnection. */
class ClientLossSignalsTest {

    @TempDir
    Path dir;
    private ClientFixture fixture;
    private final ManualScheduler retries = new ManualScheduler();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aConnectionTheServerClosesIsReplacedWithTheServersReasonAsCause() throws Exception {
        NettyQuicServer server = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(retries));
        QuicChannel before = client.awaitConnected(ClientFixture.WAIT);
        org.awaitility.Awaitility.await().atMost(ClientFixture.WAIT).until(() -> server.connections().size() == 1);

        server.connections().get(0).close();
        Reconnecting lost = (Reconnecting) fixture.awaitState(Reconnecting.class::isInstance);
        retries.runNext();
        QuicChannel after = client.nextConnected().toCompletableFuture().get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(lost.cause()).isInstanceOf(QuicConnectionLostException.class).hasMessage("QUIC connection to server"
                + " 'echo' at /127.0.0.1:" + server.boundPort() + " is lost: the server closed it (application error 0,"
                + " reason 'closed by the server')");
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, before, after));
        assertThat(ClientFixture.exchange(after, "same server")).isEqualTo("same server");
    }

    @Test
    void anIdleTimeoutIsALossAndTheConnectionIsReplaced() throws Exception {
        fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(retries).idleTimeout(Duration.ofMillis(300)));
        QuicChannel before = client.awaitConnected(ClientFixture.WAIT);

        Reconnecting lost = (Reconnecting) fixture.awaitState(Reconnecting.class::isInstance);
        assertThat(lost.cause()).hasMessageContaining("timed out (idle timeout");
        CompletableFuture<QuicChannel> next = client.nextConnected().toCompletableFuture();
        retries.runNext();
        QuicChannel after = next.get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(fixture.events(ConnectionReplaced.class)).first().isEqualTo(new ConnectionReplaced(fixture.id, before, after));
    }

    @Test
    void concurrentLossSignalsForOneConnectionGiveOneReconnectionAndOneEvent() throws Exception {
        NettyQuicServer server = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(retries));
        QuicChannel before = client.awaitConnected(ClientFixture.WAIT);
        org.awaitility.Awaitility.await().atMost(ClientFixture.WAIT).until(() -> server.connections().size() == 1);

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> signals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            signals.add(new Thread(() -> {
                awaitQuietly(go);
                client.reportLost(before, new IOException("application heartbeat " + n + " failed"));
            }, "loss-signal-" + i));
        }
        signals.add(new Thread(() -> {
            awaitQuietly(go);
            server.connections().forEach(connection -> connection.close()); // the server's CONNECTION_CLOSE
        }, "loss-signal-server"));
        signals.add(new Thread(() -> {
            awaitQuietly(go);
            before.close(); // a local close, as an exception in the pipeline would do
        }, "loss-signal-local"));
        signals.forEach(Thread::start);
        go.countDown();
        for (Thread signal : signals) {
            signal.join(TimeUnit.SECONDS.toMillis(QuicTestClient.TIMEOUT_SECONDS));
        }
        fixture.awaitState(Reconnecting.class::isInstance);
        org.awaitility.Awaitility.await().atMost(ClientFixture.WAIT).until(() -> !before.isOpen());
        org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> retries.pending() == 1);

        CompletableFuture<QuicChannel> next = client.nextConnected().toCompletableFuture();
        retries.runNext();
        QuicChannel after = next.get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(fixture.states).filteredOn(Reconnecting.class::isInstance).hasSize(1);
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, before, after));
        assertThat(retries.pending()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(QuicTestClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
