package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerDeliveryTest {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final RecordingListener first = new RecordingListener();
    private final RecordingListener last = new RecordingListener();
    private final ExecutorService eventLoop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-event-loop"));

    @AfterEach
    void stopEventLoop() {
        eventLoop.shutdownNow();
    }

    @Test
    void everyListenerGetsTheEventOnTheChangingThreadBeforeTheCallReturns() {
        registry.addListener(first);
        registry.addListener(last);

        registry.register("api", TestServer.named("x"), 1, Map.of());

        assertThat(first.events()).hasSize(1);
        assertThat(last.events()).hasSize(1);
        assertThat(first.threads()).containsExactly(Thread.currentThread());
        assertThat(last.threads()).containsExactly(Thread.currentThread());
    }

    @Test
    void aTerminationIsDeliveredOnTheThreadThatCompletedIt() {
        registry.addListener(first);
        TestServer server = TestServer.closingOn("x", eventLoop);
        registry.register("api", server, 1, Map.of());

        server.close();

        assertThat(first.threads()).hasSize(2);
        assertThat(first.threads().get(1).getName()).isEqualTo("test-event-loop");
    }

    @Test
    void aThrowingListenerNeitherStopsTheOthersNorUndoesTheChange() {
        registry.addListener(first);
        registry.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        registry.addListener(last);

        registry.register("api", TestServer.named("x"), 1, Map.of());
        registry.updatePort("api", 2);

        assertThat(registry.port("api")).hasValue(2);
        assertThat(first.events()).hasSize(2);
        assertThat(last.events()).isEqualTo(first.events());
    }

    @Test
    void aListenerMayCallBackIntoTheRegistryAndSeesTheChange() {
        AtomicReference<Optional<ServerInfo>> seenFromListener = new AtomicReference<>();
        registry.addListener(event -> {
            if (event instanceof ServerRegistered registered) {
                seenFromListener.set(registry.lookup(registered.server().name()));
                registry.updatePort(registered.server().name(), 9000);
            }
        });
        registry.addListener(first);

        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> registry.register("api", TestServer.named("x"), 1, Map.of()));

        assertThat(seenFromListener.get()).isPresent();
        assertThat(registry.port("api")).hasValue(9000);
        assertThat(first.events()).extracting(Object::getClass)
                .containsExactly(ServerRegistered.class, ServerPortResolved.class);
    }

    @Test
    void aNestedChangeReachesEveryListenerAfterTheCurrentEventHasReachedAll() {
        // "a" and the names it triggers hash to different stripes and to the same one: both must hold.
        List<String> triggered = List.of("b", "c", "d", "e", "f", "g", "h", "i");
        registry.addListener(event -> {
            if (event instanceof ServerRegistered registered && registered.server().name().equals("a")) {
                triggered.forEach(name -> registry.register(name, TestServer.named(name), 1, Map.of()));
            }
        });
        registry.addListener(first);
        registry.addListener(last);

        registry.register("a", TestServer.named("a"), 1, Map.of());

        List<String> expected = new ArrayList<>(List.of("a"));
        expected.addAll(triggered);
        assertThat(registeredNames(first.events())).containsExactlyInAnyOrderElementsOf(expected).startsWith("a");
        assertThat(last.events()).isEqualTo(first.events());
    }

    @Test
    void eventsOfOneNameArriveInTheOrderOfTheChanges() {
        registry.addListener(first);
        TestServer one = TestServer.named("one");
        TestServer two = TestServer.named("two");

        registry.register("api", one, 0, Map.of());
        registry.updatePort("api", 5);
        registry.register("api", two, 6, Map.of());
        two.terminate();

        List<RegistryEvent> events = first.events();
        assertThat(events).extracting(ListenerDeliveryTest::describe).containsExactly(
                "registered one", "port 5", "unregistered one REPLACED", "registered two", "unregistered two TERMINATED");
    }

    @Test
    void aListenerThatClosesAServerWhoseTerminationIsReportedByAnotherThreadDoesNotDeadlock() {
        TestServer server = TestServer.closingOn("x", eventLoop);
        registry.addListener(event -> {
            if (event instanceof ServerRegistered) {
                server.close();
            }
        });
        registry.addListener(first);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> registry.register("api", server, 1, Map.of()));

        assertThat(registry.lookup("api")).isEmpty();
        assertThat(first.events()).extracting(ListenerDeliveryTest::describe)
                .containsExactly("registered x", "unregistered x TERMINATED");
    }

    @Test
    void closingARegistrationStopsDeliveryAndIsIdempotent() {
        Registration registration = registry.addListener(first);
        registry.register("a", TestServer.named("a"), 1, Map.of());

        registration.close();
        registration.close();
        registry.register("b", TestServer.named("b"), 1, Map.of());

        assertThat(first.events()).hasSize(1);
    }

    @Test
    void aListenerAddedTwiceIsTwoSubscriptions() {
        Registration one = registry.addListener(first);
        registry.addListener(first);
        registry.register("a", TestServer.named("a"), 1, Map.of());
        one.close();
        registry.register("b", TestServer.named("b"), 1, Map.of());

        assertThat(first.events()).hasSize(3);
    }

    @Test
    void aThrowingListenerIsLoggedOnceAsAWarningNamingTheEventAndWhatItThrew() {
        IllegalStateException bug = new IllegalStateException("listener bug");
        registry.addListener(event -> {
            throw bug;
        });

        try (LogCapture log = LogCapture.of(EventCore.class)) {
            registry.register("api", TestServer.named("x"), 1, Map.of());

            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warningTexts()).contains("threw on ServerRegistered").contains("name=api")
                    .contains("the change stays").contains("listener bug");
        }
    }

    @Test
    void aThrowingListenerOfAnEventWhoseTextThrowsTooIsLoggedAndTheOtherListenersStillGetIt() {
        LocalConnectionRegistry connections = new LocalConnectionRegistry();
        Object transport = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        connections.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        List<RegistryEvent> seen = new ArrayList<>();
        connections.addListener(seen::add);

        try (LogCapture log = LogCapture.of(EventCore.class)) {
            connections.register(ConnectionId.of("c"), transport);

            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warningTexts()).contains("ConnectionRegistered").contains("its toString() threw")
                    .contains("listener bug");
        }
        assertThat(seen).containsExactly(new ConnectionRegistered(ConnectionId.of("c"), transport));
    }

    /**
     * A VirtualMachineError is not a listener's failure to log: it stops the call that delivered it.
     * The change stays, the thread keeps nothing, and the next change of the name is delivered.
     */
    @Test
    void aVirtualMachineErrorInAListenerEndsTheCallAndTheNextChangeIsStillDelivered() {
        AtomicBoolean outOfMemory = new AtomicBoolean(true);
        registry.addListener(event -> {
            if (outOfMemory.getAndSet(false)) {
                throw new OutOfMemoryError("test: the listener ran out of memory");
            }
        });
        registry.addListener(first);

        assertThatThrownBy(() -> registry.register("api", TestServer.named("x"), 1, Map.of()))
                .isInstanceOf(OutOfMemoryError.class);
        assertThat(registry.lookup("api")).isPresent();
        assertThat(EventCore.holdsThreadState()).isFalse();

        registry.updatePort("api", 2);

        assertThat(first.events()).containsExactly(new ServerPortResolved("api", 2));
    }

    @Test
    void aVirtualMachineErrorAfterAListenerChangedAnotherNameLeavesThatNameDeliverableToo() {
        registry.addListener(event -> {
            if (event instanceof ServerRegistered registered && registered.server().name().equals("api")) {
                registry.register("other", TestServer.named("o"), 1, Map.of()); // deferred behind this event
                throw new OutOfMemoryError("test: the listener ran out of memory");
            }
        });
        registry.addListener(first);

        assertThatThrownBy(() -> registry.register("api", TestServer.named("x"), 1, Map.of()))
                .isInstanceOf(OutOfMemoryError.class);
        assertThat(registry.names()).containsExactly("api", "other");
        assertThat(EventCore.holdsThreadState()).isFalse();

        registry.updatePort("other", 2);
        registry.updatePort("api", 3);

        assertThat(first.events()).containsExactly(new ServerPortResolved("other", 2), new ServerPortResolved("api", 3));
    }

    @Test
    void theRegistryShowsItsNames() {
        registry.register("b", TestServer.named("b"), 1, Map.of());
        registry.register("a", TestServer.named("a"), 1, Map.of());

        assertThat(registry).hasToString("LocalQuicServerRegistry[a, b]");
    }

    private static List<String> registeredNames(List<RegistryEvent> events) {
        return events.stream().map(e -> ((ServerRegistered) e).server().name()).toList();
    }

    private static String describe(RegistryEvent event) {
        if (event instanceof ServerRegistered r) {
            return "registered " + label(r.server());
        }
        if (event instanceof ServerUnregistered u) {
            return "unregistered " + label(u.server()) + " " + u.reason();
        }
        if (event instanceof ServerPortResolved p) {
            return "port " + p.port();
        }
        return event.toString();
    }

    private static String label(ServerInfo info) {
        String text = info.server().toString();
        return text.substring(text.indexOf('[') + 1, text.length() - 1);
    }
}
