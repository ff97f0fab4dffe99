package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.TestServer;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerTerminationTest {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final RecordingListener listener = new RecordingListener();
    private final ExecutorService eventLoop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-event-loop"));

    @AfterEach
    void stopEventLoop() {
        eventLoop.shutdownNow();
    }

    @Test
    void aTerminationDependentAttachedAfterTheRegistrationThatClosesTheServerFindsTheNameEmpty() {
        TestServer server = TestServer.named("x");
        registry.register("api", server, 1, Map.of());
        AtomicReference<Optional<ServerInfo>> seenAfterClose = new AtomicReference<>();
        // CompletableFuture runs dependents last-attached first: this one would run before the
        // registry's removal, and its close() cannot wait for the settling it runs in.
        server.termination().whenComplete((ignored, failure) -> {
            server.close();
            seenAfterClose.set(registry.lookup("api"));
        });

        server.terminate();

        assertThat(seenAfterClose.get()).isEmpty();
    }

    @Test
    void aServerThatTerminatesIsRemoved() {
        registry.addListener(listener);
        TestServer server = TestServer.named("x");
        registry.register("api", server, 1, Map.of());
        ServerInfo info = registry.lookup("api").orElseThrow();

        server.terminate();

        assertThat(registry.lookup("api")).isEmpty();
        assertThat(listener.events()).containsExactly(
                new ServerRegistered(info), new ServerUnregistered(info, Reason.TERMINATED));
    }

    @Test
    void aServerThatDiesWithAFailureIsRemovedAsTerminated() {
        registry.addListener(listener);
        TestServer server = TestServer.named("x");
        registry.register("api", server, 1, Map.of());

        server.die(new IllegalStateException("socket closed under us"));

        assertThat(registry.lookup("api")).isEmpty();
        assertThat(listener.events()).last()
                .isEqualTo(new ServerUnregistered(((ServerRegistered) listener.events().get(0)).server(), Reason.TERMINATED));
    }

    @Test
    void lateTerminationOfAReplacedServerKeepsTheReplacement() {
        registry.addListener(listener);
        TestServer old = TestServer.named("old");
        TestServer replacement = TestServer.named("new");
        registry.register("api", old, 1, Map.of());
        registry.register("api", replacement, 2, Map.of());
        listener.clear();

        old.terminate();

        assertThat(registry.lookup("api").orElseThrow().server()).isSameAs(replacement);
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void lateTerminationOfAnUnregisteredServerDoesNotRemoveTheNextOneUnderItsName() {
        TestServer first = TestServer.named("first");
        TestServer second = TestServer.named("second");
        registry.register("api", first, 1, Map.of());
        registry.unregister("api");
        registry.register("api", second, 2, Map.of());

        first.terminate();

        assertThat(registry.lookup("api").orElseThrow().server()).isSameAs(second);
    }

    @Test
    void reRegisteringTheSameServerIsWatchedOnceForTheCurrentEntry() {
        TestServer server = TestServer.named("x");
        registry.register("api", server, 1, Map.of());
        registry.register("api", server, 2, Map.of());
        registry.addListener(listener);

        server.terminate();

        assertThat(registry.lookup("api")).isEmpty();
        assertThat(listener.events()).hasSize(1);
        assertThat(((ServerUnregistered) listener.events().get(0)).server().port()).isEqualTo(2);
    }

    @Test
    void lookupIsEmptyAndTheNameFreeOnceCloseReturnsEvenWhenAnEventLoopCompletesTheTermination() {
        for (int round = 0; round < 200; round++) {
            TestServer server = TestServer.closingOn("s" + round, eventLoop);
            registry.register("api", server, 1, Map.of());

            server.close();

            assertThat(registry.lookup("api")).as("round %d", round).isEmpty();
            TestServer next = TestServer.named("next" + round);
            registry.register("api", next, 1, Map.of());
            assertThat(registry.lookup("api").orElseThrow().server()).isSameAs(next);
            registry.unregister("api");
        }
    }

    @Test
    void registeringAServerWhoseTerminationCompletedAlreadyLeavesNoEntry() {
        registry.addListener(listener);
        TestServer dead = TestServer.named("dead");
        dead.terminate();

        registry.register("api", dead, 1, Map.of());

        assertThat(registry.lookup("api")).isEmpty();
        assertThat(listener.events()).extracting(Object::getClass)
                .containsExactly(ServerRegistered.class, ServerUnregistered.class);
        assertThat(((ServerUnregistered) listener.events().get(1)).reason()).isEqualTo(Reason.TERMINATED);
    }

    @Test
    void registeringADeadServerOverALiveOneRemovesBoth() {
        TestServer live = TestServer.named("live");
        TestServer dead = TestServer.named("dead");
        dead.terminate();
        registry.register("api", live, 1, Map.of());

        registry.register("api", dead, 1, Map.of());

        assertThat(registry.lookup("api")).isEmpty();
    }

    @Test
    void aRemovedEntryLeavesNothingOnItsServerThatKeepsTheRegistryReachable() {
        TestServer immortal = TestServer.named("never terminates");
        WeakReference<LocalQuicServerRegistry> registryRef = registerAndUnregisterInAFreshRegistry(immortal);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            System.gc();
            return registryRef.get() == null;
        });
        assertThat(immortal.isTerminated()).isFalse();
    }

    @Test
    void aReplacedEntryLeavesNothingOnItsServerThatKeepsTheRegistryReachable() {
        TestServer immortal = TestServer.named("never terminates");
        WeakReference<LocalQuicServerRegistry> registryRef = registerAndReplaceInAFreshRegistry(immortal);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            System.gc();
            return registryRef.get() == null;
        });
    }

    @Test
    void aServerRegisteredAgainAndAgainIsWatchedByOneCallbackOnly() {
        TestServer longLived = TestServer.named("long-lived");
        for (int i = 0; i < 1_000; i++) {
            registry.register("api", longLived, 1, Map.of());
            registry.register("other", longLived, 1, Map.of());
            registry.unregister("api");
            registry.unregister("other");
        }
        registry.register("api", longLived, 1, Map.of());

        assertThat(longLived.terminationCalls()).isEqualTo(1);
        longLived.terminate();
        assertThat(registry.lookup("api")).isEmpty();
    }

    @Test
    void theWatchOfAServerThatIsGarbageIsDroppedAtTheNextRegistration() {
        registerAndUnregisterAThrowawayServer();
        TestServer kept = TestServer.named("kept");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            System.gc();
            registry.register("other", kept, 1, Map.of());
            return registry.watchedServers() == 1;
        });
        assertThat(registry.namesWatchedFor(kept)).containsExactly("other");
    }

    /** The names a server is watched under are exactly the names it is registered under now, whichever leaves first. */
    @Test
    void aServerIsWatchedUnderExactlyTheNamesItIsRegisteredUnderNow() {
        TestServer server = TestServer.named("x");
        for (String name : List.of("a", "b", "c", "d")) {
            registry.register(name, server, 1, Map.of());
        }
        registry.register("a", server, 2, Map.of()); // again: still one name
        assertThat(registry.namesWatchedFor(server)).containsExactly("a", "b", "c", "d");

        registry.register("b", TestServer.named("replacement"), 1, Map.of()); // from the middle
        assertThat(registry.namesWatchedFor(server)).containsExactly("a", "c", "d");
        registry.unregister("a"); // the first
        assertThat(registry.namesWatchedFor(server)).containsExactly("c", "d");
        assertThat(registry.unregister("d", server)).isTrue(); // the last
        assertThat(registry.namesWatchedFor(server)).containsExactly("c");

        server.terminate();

        assertThat(registry.namesWatchedFor(server)).isEmpty();
        assertThat(registry.names()).containsExactly("b");
    }

    @Test
    void aServerThatTerminatedBeforeItsRegistrationIsWatchedUnderNoName() {
        TestServer stopped = TestServer.named("stopped");
        stopped.terminate();

        registry.register("api", stopped, 1, Map.of());

        assertThat(registry.namesWatchedFor(stopped)).isEmpty();
        assertThat(registry.lookup("api")).isEmpty();
    }

    @Test
    void aTerminatedServerRegisteredUnderSeveralNamesLeavesNone() {
        registry.addListener(listener);
        TestServer server = TestServer.named("x");
        registry.register("a", server, 1, Map.of());
        registry.register("b", server, 1, Map.of());
        registry.register("c", TestServer.named("y"), 1, Map.of());

        server.terminate();

        assertThat(registry.names()).containsExactly("c");
        assertThat(listener.events()).filteredOn(ServerUnregistered.class::isInstance).hasSize(2);
    }

    private void registerAndUnregisterAThrowawayServer() {
        TestServer throwaway = TestServer.named("throwaway");
        registry.register("api", throwaway, 1, Map.of());
        registry.unregister("api");
        assertThat(registry.watchedServers()).isEqualTo(1);
    }

    private static WeakReference<LocalQuicServerRegistry> registerAndUnregisterInAFreshRegistry(TestServer server) {
        LocalQuicServerRegistry fresh = new LocalQuicServerRegistry();
        fresh.register("api", server, 1, Map.of());
        fresh.unregister("api");
        return new WeakReference<>(fresh);
    }

    private static WeakReference<LocalQuicServerRegistry> registerAndReplaceInAFreshRegistry(TestServer server) {
        LocalQuicServerRegistry fresh = new LocalQuicServerRegistry();
        fresh.register("api", server, 1, Map.of());
        TestServer other = TestServer.named("other");
        fresh.register("api", other, 1, Map.of());
        // the replacement is ended too, so nothing at all is registered any more
        other.terminate();
        return new WeakReference<>(fresh);
    }
}
