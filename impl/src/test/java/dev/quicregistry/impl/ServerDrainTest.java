package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link LocalQuicServerRegistry#drain}: the order of DRAIN.md's first and last steps, seen from the registry. */
class ServerDrainTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry(Clock.fixed(NOW, ZoneOffset.UTC));
    private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();

    ServerDrainTest() {
        registry.addListener(events::add);
    }

    @Test
    void theEventComesFirstThenTheServerDrainsWhileItsEntryStaysThenTheEntryLeavesAsDrained() {
        List<String> seenWhileDraining = new ArrayList<>();
        TestServer server = TestServer.bound(4433);
        server.whileDraining(() -> {
            seenWhileDraining.add("events " + events.stream().map(e -> e.getClass().getSimpleName()).toList());
            seenWhileDraining.add("draining " + registry.isDraining("api"));
            seenWhileDraining.add("lookup " + registry.lookup("api").isPresent());
        });
        registry.register("api", server, 4433, Map.of());

        registry.drain("api", Duration.ofSeconds(5));

        assertThat(seenWhileDraining).containsExactly("events [ServerRegistered, ServerDraining]", "draining true",
                "lookup true");
        assertThat(server.drains()).containsExactly(Duration.ofSeconds(5));
        assertThat(registry.lookup("api")).isEmpty();
        assertThat(registry.isDraining("api")).isFalse();
        assertThat(events).hasSize(3);
        ServerDraining draining = (ServerDraining) events.get(1);
        assertThat(draining.server().name()).isEqualTo("api");
        assertThat(draining.server().server()).isSameAs(server);
        assertThat(draining.deadline()).isEqualTo(NOW.plusSeconds(5));
        assertThat(events.get(2)).isEqualTo(new ServerUnregistered(draining.server(), Reason.DRAINED));
    }

    @Test
    void aSecondDrainOfTheSameEntryFiresNoSecondEventAndOnlyWaits() {
        TestServer server = TestServer.bound(4433);
        AtomicBoolean once = new AtomicBoolean();
        server.whileDraining(() -> {
            if (once.compareAndSet(false, true)) {
                registry.drain("api", Duration.ofSeconds(1)); // the entry drains already: no event, the server's drain again
            }
        });
        registry.register("api", server, 4433, Map.of());

        registry.drain("api", Duration.ofSeconds(5));

        assertThat(events).filteredOn(ServerDraining.class::isInstance).hasSize(1);
        assertThat(server.drains()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(1));
        assertThat(events.get(events.size() - 1)).isInstanceOf(ServerUnregistered.class)
                .extracting(e -> ((ServerUnregistered) e).reason()).isEqualTo(Reason.DRAINED);
    }

    @Test
    void aServerThatTerminatesWithoutADrainLeavesAsTerminatedAndAReplacedDrainingEntryIsNotDrainingAnyMore() {
        TestServer plain = TestServer.bound(1);
        registry.register("plain", plain, 1, Map.of());
        plain.terminate();
        assertThat(events.get(events.size() - 1)).isEqualTo(new ServerUnregistered(((ServerRegistered) events.get(0)).server(),
                Reason.TERMINATED));

        TestServer old = TestServer.bound(2);
        TestServer replacement = TestServer.bound(3);
        old.whileDraining(() -> {
            registry.register("api", replacement, 3, Map.of());
            assertThat(registry.isDraining("api")).isFalse(); // the name shows another server now
        });
        registry.register("api", old, 2, Map.of());
        registry.drain("api", Duration.ofSeconds(1));

        assertThat(registry.lookup("api")).get().extracting(info -> info.server()).isSameAs(replacement);
        assertThat(registry.isDraining("api")).isFalse();
        assertThat(events).filteredOn(ServerUnregistered.class::isInstance).map(e -> ((ServerUnregistered) e).reason())
                .containsExactly(Reason.TERMINATED, Reason.REPLACED);
    }

    @Test
    void zeroGraceDrainsAtOnceAndAnUnknownNameIsANoOp() {
        TestServer server = TestServer.bound(1);
        registry.register("api", server, 1, Map.of());
        events.clear();

        registry.drain("none", Duration.ofSeconds(1));
        registry.drain("not a valid name!", Duration.ofSeconds(1));
        assertThat(events).isEmpty();
        assertThat(registry.isDraining("none")).isFalse();

        registry.drain("api", Duration.ZERO);
        assertThat(server.drains()).containsExactly(Duration.ZERO);
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("ServerDraining", "ServerUnregistered");
        assertThat(((ServerDraining) events.get(0)).deadline()).isEqualTo(NOW);
    }

    @Test
    void aNegativeOrNullGraceIsRefusedNamingItAndChangesNothing() {
        TestServer server = TestServer.bound(1);
        registry.register("api", server, 1, Map.of());
        events.clear();

        assertThatIllegalArgumentException().isThrownBy(() -> registry.drain("api", Duration.ofSeconds(-1)))
                .withMessage("grace=PT-1S is not valid: expected zero or a positive duration");
        assertThatNullPointerException().isThrownBy(() -> registry.drain("api", null)).withMessage("grace must not be null");
        assertThatNullPointerException().isThrownBy(() -> registry.drain(null, Duration.ZERO)).withMessage("name must not be null");
        assertThatNullPointerException().isThrownBy(() -> registry.isDraining(null)).withMessage("name must not be null");

        assertThat(events).isEmpty();
        assertThat(registry.isDraining("api")).isFalse();
        assertThat(server.drains()).isEmpty();
        assertThat(registry.lookup("api")).isPresent();
    }

    @Test
    void aListenerThatThrowsOnTheDrainingEventLeavesTheDrainGoingOn() {
        TestServer server = TestServer.bound(1);
        registry.register("api", server, 1, Map.of());
        registry.addListener(event -> {
            if (event instanceof ServerDraining) {
                throw new IllegalStateException("observer failed");
            }
        });

        registry.drain("api", Duration.ofSeconds(2));

        assertThat(server.drains()).containsExactly(Duration.ofSeconds(2));
        assertThat(registry.lookup("api")).isEmpty();
        assertThat(registry.slotsHeld()).isZero();
    }

    @Test
    void everyNameOfTheServerDrainsWithItAndLeavesAsDrained() {
        TestServer server = TestServer.bound(1);
        List<Boolean> aliasDrainingMeanwhile = new ArrayList<>();
        server.whileDraining(() -> aliasDrainingMeanwhile.add(registry.isDraining("alias")));
        registry.register("api", server, 1, Map.of());
        registry.register("alias", server, 1, Map.of());
        events.clear();

        registry.drain("api", Duration.ofSeconds(1));

        assertThat(aliasDrainingMeanwhile).containsExactly(true);
        assertThat(events).filteredOn(ServerDraining.class::isInstance).map(e -> ((ServerDraining) e).server().name())
                .containsExactly("api", "alias");
        assertThat(events).filteredOn(ServerUnregistered.class::isInstance).map(e -> ((ServerUnregistered) e).reason())
                .containsExactly(Reason.DRAINED, Reason.DRAINED);
        assertThat(server.drains()).hasSize(1);
    }

    @Test
    void aDrainFromAListenerIsRefusedSayingWhyAndChangesNothing() {
        TestServer old = TestServer.bound(1);
        registry.register("api-v1", old, 1, Map.of());
        List<Throwable> refused = new ArrayList<>();
        registry.addListener(event -> {
            if (event instanceof ServerRegistered registered && registered.server().name().equals("api-v2")) {
                try {
                    registry.drain("api-v1", Duration.ofSeconds(1));
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
            }
        });

        registry.register("api-v2", TestServer.bound(2), 2, Map.of());

        assertThat(refused).singleElement().extracting(Throwable::getMessage).asString()
                .startsWith("drain(\"api-v1\") called by a registry listener");
        assertThat(registry.isDraining("api-v1")).isFalse();
        assertThat(old.drains()).isEmpty();
        assertThat(events).noneMatch(ServerDraining.class::isInstance);
    }

    @Test
    void aServerWhoseDrainThrowsLeavesItsNamesNotDrainingAndTheExceptionGoesOn() {
        TestServer server = TestServer.bound(1);
        server.whileDraining(() -> {
            throw new IllegalStateException("drain failed");
        });
        registry.register("api", server, 1, Map.of());
        registry.register("admin", server, 1, Map.of());

        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> registry.drain("api", Duration.ofSeconds(1)))
                .withMessage("drain failed");

        assertThat(registry.isDraining("api")).isFalse();
        assertThat(registry.isDraining("admin")).isFalse();
        assertThat(registry.lookup("api")).isPresent();
        assertThat(registry.lookup("admin")).isPresent();
    }

    @Test
    void aGraceThatEndsAtTheLastInstantThereIsOrJustBeforeIsKeptAsGiven() {
        TestServer first = TestServer.bound(1);
        TestServer second = TestServer.bound(2);
        registry.register("first", first, 1, Map.of());
        registry.register("second", second, 2, Map.of());
        Duration toTheLast = Duration.between(NOW, Instant.MAX);

        registry.drain("first", toTheLast);
        registry.drain("second", toTheLast.minusNanos(1));

        assertThat(events).filteredOn(ServerDraining.class::isInstance).extracting(e -> ((ServerDraining) e).deadline())
                .containsExactly(Instant.MAX, Instant.MAX.minusNanos(1));
    }

    @Test
    void aGraceOfForeverHasTheLatestDeadlineThereIs() {
        TestServer server = TestServer.bound(1);
        registry.register("api", server, 1, Map.of());

        registry.drain("api", Duration.ofSeconds(Long.MAX_VALUE));

        assertThat(events).filteredOn(ServerDraining.class::isInstance).singleElement()
                .extracting(e -> ((ServerDraining) e).deadline()).isEqualTo(Instant.MAX);
        assertThat(server.drains()).containsExactly(Duration.ofSeconds(Long.MAX_VALUE));
    }
}
