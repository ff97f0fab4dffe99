package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.reconnect.ConnectionState.Reconnecting;
import dev.quicregistry.reconnect.ConnectionState;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server is closed and a new one is started on a new ephemeral port under the same name: the
 * client finds it by name and carries on under its id. Retries run when the test says so
 * ({@link ManualScheduler}), so the restart and the reconnection happen in a fixed order.
 */
class ClientServerRestartTest {

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
    void theClientFindsTheRestartedServerOnItsNewPortWithOneConnectionReplaced() throws Exception {
        NettyQuicServer first = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(retries));
        ConnectionHandle<QuicChannel> handle = client.handle();
        QuicChannel before = handle.current().orElseThrow();
        assertThat(ClientFixture.exchange(before, "before the restart")).isEqualTo("before the restart");
        assertThat(port(before)).isEqualTo(first.boundPort());
        assertThat(fixture.events).containsExactly(new ConnectionRegistered(fixture.id, before));

        first.close();
        Reconnecting lost = (Reconnecting) fixture.awaitState(state -> state instanceof Reconnecting);
        assertThat(lost.cause()).isInstanceOf(QuicConnectionLostException.class)
                .hasMessageContaining("server 'echo'").hasMessageContaining("the server closed it");
        assertThat(handle.current()).as("the lost connection stays registered until replaced").containsSame(before);
        NettyQuicServer second = fixture.startServer();
        assertThat(second.boundPort()).isNotEqualTo(first.boundPort());
        CompletableFuture<QuicChannel> next = client.nextConnected().toCompletableFuture();
        retries.runNext();
        QuicChannel after = next.get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(after).isNotSameAs(before);
        assertThat(port(after)).isEqualTo(second.boundPort());
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, before, after));
        assertThat(client.id()).isEqualTo(fixture.id);
        assertThat(handle.id()).isEqualTo(fixture.id);
        assertThat(handle.current()).containsSame(after);
        assertThat(fixture.connections.transport(fixture.id, QuicChannel.class)).containsSame(after);
        assertThat(ClientFixture.exchange(handle.current().orElseThrow(), "after the restart")).isEqualTo("after the restart");
        assertThat(second.connections()).hasSize(1);
        assertThat(client.state()).isInstanceOf(ConnectionState.Connected.class);
        assertThat(fixture.events).hasSize(2);
    }

    @Test
    void aNameThatIsNotRegisteredAtAttemptTimeIsAFailedAttemptNamingTheServerAndIsRetried() throws Exception {
        NettyQuicServer first = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().scheduler(retries));
        QuicChannel before = client.handle().current().orElseThrow();
        first.close();
        fixture.awaitState(state -> state instanceof Reconnecting);

        retries.runNext(); // attempt 1: nothing is registered as 'echo' now
        Reconnecting failed = (Reconnecting) fixture.awaitState(state -> state instanceof Reconnecting r && r.attempt() == 2);
        assertThat(failed.cause()).isInstanceOfSatisfying(QuicServerNotFoundException.class,
                notFound -> assertThat(notFound.serverName()).isEqualTo("echo"))
                .hasMessage("no QUIC server named 'echo' is registered (registered now: [])");
        assertThat(client.handle().current()).containsSame(before);

        NettyQuicServer second = fixture.startServer();
        retries.runNext(); // attempt 2: found again
        QuicChannel after = client.awaitConnected(ClientFixture.WAIT);
        assertThat(port(after)).isEqualTo(second.boundPort());
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, before, after));
        assertThat(ClientFixture.exchange(after, "found again")).isEqualTo("found again");
    }

    @Test
    void withRealShortBackoffDelaysTheRestartedServerIsFoundAndReplacedOnce() throws Exception {
        NettyQuicServer first = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder()); // real time: 10..40 ms full-jitter backoff
        QuicChannel before = client.handle().current().orElseThrow();
        int firstPort = first.boundPort();
        CompletableFuture<QuicChannel> next = client.nextConnected().toCompletableFuture();

        // Out of the registry first, then stopped: while it shuts down, no attempt can dial it
        // (a closing NettyQuicServer still completes handshakes until its socket closes).
        fixture.servers.unregister(ClientFixture.NAME);
        first.close();
        fixture.awaitState(state -> state instanceof Reconnecting r && r.attempt() >= 2); // retrying: not registered
        NettyQuicServer second = fixture.startServer();
        QuicChannel after = next.get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(port(after)).isEqualTo(second.boundPort()).isNotEqualTo(firstPort);
        assertThat(fixture.events(ConnectionReplaced.class)).containsExactly(new ConnectionReplaced(fixture.id, before, after));
        assertThat(client.handle().current()).containsSame(after);
        assertThat(ClientFixture.exchange(after, "real time")).isEqualTo("real time");
    }

    private static int port(QuicChannel connection) {
        return ((InetSocketAddress) connection.remoteSocketAddress()).getPort();
    }
}
