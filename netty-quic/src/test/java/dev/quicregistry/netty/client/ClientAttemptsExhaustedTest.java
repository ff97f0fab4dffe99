package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.reconnect.ConnectionClosedException;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.reconnect.ConnectionState.Reconnecting;
import io.netty.handler.codec.quic.QuicChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server never comes back: once the policy's attempts run out the client closes for good. */
class ClientAttemptsExhaustedTest {

    @TempDir
    Path dir;
    private ClientFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void exhaustedAttemptsEndClosedWithTheReasonAConnectionUnregisteredAndNoThreadLeft() throws Exception {
        NettyQuicServer server = fixture.startServer();
        ReconnectingQuicClient client = fixture.connect(fixture.builder().backoff(ClientFixture.fastBackoff(3)));
        QuicChannel connection = client.handle().current().orElseThrow();

        // Out of the registry first, then stopped: no attempt can reach the server while it shuts down
        // (a closing NettyQuicServer still completes handshakes until its socket closes).
        fixture.servers.unregister(ClientFixture.NAME);
        server.close();
        Closed closed = client.closed().toCompletableFuture().get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(closed.reason()).isEqualTo(Closed.Reason.ATTEMPTS_EXHAUSTED);
        assertThat(closed.detail()).contains("gave up after 3 reconnection attempts").contains("'echo'");
        assertThat(closed.cause()).get().isInstanceOf(QuicServerNotFoundException.class);
        assertThat(client.state()).isEqualTo(closed);
        assertThat(fixture.states).filteredOn(Reconnecting.class::isInstance).hasSize(3);
        assertThat(fixture.events).containsExactly(new ConnectionRegistered(fixture.id, connection),
                new ConnectionUnregistered(fixture.id, connection));
        assertThat(fixture.connections.ids()).doesNotContain(fixture.id);
        assertThat(client.handle().current()).isEmpty();
        assertThat(client.connected().toCompletableFuture()).failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ConnectionClosedException.class);
        assertThat(Threads.startingWith("quic-client-" + fixture.id)).as("event loop").isEmpty();
        assertThat(Threads.startingWith("quic-registry-quic-client-" + fixture.id)).as("callback thread").isEmpty();
    }
}
