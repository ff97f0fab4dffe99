package dev.quicregistry.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.netty.client.ReconnectingQuicClient;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.PeerGoingAwayException;
import dev.quicregistry.testing.DirectoryView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DRAIN.md's "what it must show", on real JVMs: server JVMs (child processes) publishing through a
 * real three-server ensemble, twenty clients in this JVM looping {@code requestReply}, QUIC over
 * loopback.
 */
class RollingRestartTest {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void threeServerJvmsRolledUnderTwentyLoopingClientsCostNoRequestAndNoBackoff() throws Exception {
        try (Roll roll = Roll.start(work, 3, 20)) {
            roll.steadyFor(2_000);
            ServerEndpoint draining = roll.directory().endpoints(Roll.NAME).stream()
                    .filter(endpoint -> endpoint.port() == roll.server(0).port()).findFirst().orElseThrow();
            List<ServerEndpoint> staleView = roll.directory().endpoints(Roll.NAME);
            CompletableFuture<ReconnectingQuicClient> staleClient = new CompletableFuture<>();

            // the first server drains while a request on it holds it draining; a client whose view
            // still lists it dials it meanwhile and is refused
            ReconnectingQuicClient holder = roll.connectedClient(DirectoryView.of(List.of(draining)));
            CompletableFuture<byte[]> held = holder.requestReply(HeldReply.holdFor(1_500), 64, WAIT).toCompletableFuture();
            await().atMost(WAIT).until(() -> roll.server(0).holding() == 1);
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
                try {
                    roll.rollOne(0, GRACE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(WAIT).until(() -> roll.directory().endpoints(Roll.NAME).stream().noneMatch(draining::equals));
            DirectoryView lagging = DirectoryView.lagging(List.of(draining), staleView);
            List<ConnectionState.Reconnecting> refusals = new CopyOnWriteArrayList<>();
            CompletableFuture.runAsync(() -> {
                try {
                    staleClient.complete(roll.connectedClient(lagging, state -> {
                        if (state instanceof ConnectionState.Reconnecting reconnecting) {
                            refusals.add(reconnecting);
                        }
                    }));
                } catch (Exception e) {
                    staleClient.completeExceptionally(e);
                }
            });
            ReconnectingQuicClient stale = staleClient.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(stale.requestReply(HeldReply.holdFor(0), 64, WAIT).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the stale client's request, on the endpoint it dialed next").isEqualTo(HeldReply.holdFor(0));
            assertThat(lagging.asked()).as("the stale view was asked first, and listed the draining endpoint").isGreaterThan(1);
            assertThat(refusals).singleElement().satisfies(refused -> assertThat(refused.delay()).isZero());
            assertThat(refusals.get(0).cause()).isInstanceOf(PeerGoingAwayException.class)
                    .hasMessageContaining("CONNECTION_REFUSED");
            stale.close(); // its view never learns of the successors: it leaves before they replace what it knows
            assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the request held on the draining server ended")
                    .isEqualTo(HeldReply.holdFor(1_500));
            holder.close();
            drained.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            roll.rollOne(1, GRACE);
            roll.rollOne(2, GRACE);
            roll.stopClients();

            for (LoopingClient client : roll.clients()) {
                assertThat(client.failures()).as("failed requests of %s", client.client()).isEmpty();
                assertThat(client.replacedAt()).as("ConnectionReplaced of %s", client.client()).isNotEmpty();
                assertThat(client.backoffWaits()).as("backoff waits of %s", client.client()).isEmpty();
                assertThat(client.replies()).isPositive();
            }
            assertThat(roll.rollingLatencies().count()).isPositive();
            assertThat(roll.moved()).hasSize(3).allSatisfy(moved -> assertThat(moved).isLessThan(GRACE));
        }
    }

    @Test
    void aGraceTooShortForALongRequestFailsThatRequestWithTheWarningThatCountsItAndNothingElse() throws Exception {
        try (Roll roll = Roll.start(work, 2, 5)) {
            roll.steadyFor(200);
            ServerEndpoint target = roll.directory().endpoints(Roll.NAME).stream()
                    .filter(endpoint -> endpoint.port() == roll.server(0).port()).findFirst().orElseThrow();
            ReconnectingQuicClient longClient = roll.connectedClient(DirectoryView.of(List.of(target)));
            CompletableFuture<byte[]> longRequest = longClient.requestReply(HeldReply.holdFor(10_000), 64, WAIT).toCompletableFuture();
            await().atMost(WAIT).until(() -> roll.server(0).holding() == 1);
            ServerJvm drained = roll.server(0);

            roll.rollOne(0, Duration.ofSeconds(1));
            roll.stopClients();

            assertThatThrownBy(() -> longRequest.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(java.io.IOException.class)
                    .isNotInstanceOf(dev.quicregistry.netty.client.RequestNotProcessedException.class)
                    .hasMessageEndingWith("the server's drain deadline cut it");
            assertThat(drained.log().lines().filter(line -> line.contains("reached its deadline")))
                    .singleElement().asString().contains("1 stream(s) open on 1 connection(s)");
            for (LoopingClient client : roll.clients()) {
                assertThat(client.failures()).as("failed requests of %s", client.client()).isEmpty();
            }
            longClient.close();
        }
    }
}
