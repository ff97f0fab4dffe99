package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who delivers an event, and when (API.md, "Events", revised in round 2): its writer, on its own
 * thread, before its call returns; a change made by a listener of any registry after the current
 * event reached every listener; and nothing of the registries left on a thread afterwards.
 */
class DeliveryThreadsTest {

    private static final int THREADS = 4;
    private static final int KEYS_PER_THREAD = 64;
    private static final int ROUNDS = 200;

    private final LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
    private final LocalConnectionRegistry connections = new LocalConnectionRegistry();

    /** The key a thread is changing now, set by the test around each call: where a listener must run. */
    private static final ThreadLocal<String> CHANGING = new ThreadLocal<>();

    @Test
    void threadsChangingDisjointNamesAndIdsEachDeliverTheirOwnEventsBeforeTheirCallsReturn() throws Exception {
        Map<String, Thread> writerOf = new ConcurrentHashMap<>();
        AtomicInteger delivered = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        servers.addListener(event -> check(keyOf(event), writerOf, delivered, violations));
        connections.addListener(event -> check(keyOf(event), writerOf, delivered, violations));

        Concurrently.run(THREADS, ROUNDS, 7, (random, label) -> {
            String thread = label.substring(0, label.indexOf('-'));
            for (int k = 0; k < KEYS_PER_THREAD; k++) {
                int port = 1 + k;
                String name = thread + "-name-" + k;
                String id = thread + "-id-" + k;
                writerOf.putIfAbsent(name, Thread.currentThread());
                writerOf.putIfAbsent(id, Thread.currentThread());
                int before = delivered.get();
                changing(name, () -> servers.register(name, TestServer.bound(port), 0, Map.of()));
                changing(id, () -> connections.register(ConnectionId.of(id), "t" + random.nextInt()));
                changing(name, () -> servers.unregister(name));
                changing(id, () -> connections.unregister(ConnectionId.of(id)));
                if (delivered.get() < before + 4) {
                    violations.add(label + " returned before its four events were delivered");
                }
            }
        });

        assertThat(violations).isEmpty();
        assertThat(delivered).hasValue(THREADS * ROUNDS * KEYS_PER_THREAD * 4);
    }

    private static void check(String key, Map<String, Thread> writerOf, AtomicInteger delivered, List<String> violations) {
        if (Thread.currentThread() != writerOf.get(key)) {
            violations.add("an event of " + key + " was delivered on " + Thread.currentThread().getName()
                    + ", not on its writer " + writerOf.get(key).getName());
        } else if (!key.equals(CHANGING.get())) {
            violations.add("an event of " + key + " was delivered outside its writer's call (changing "
                    + CHANGING.get() + ")");
        }
        delivered.incrementAndGet();
    }

    private static void changing(String key, Runnable call) {
        CHANGING.set(key);
        try {
            call.run();
        } finally {
            CHANGING.remove();
        }
    }

    private static String keyOf(RegistryEvent event) {
        if (event instanceof ServerRegistered e) {
            return e.server().name();
        }
        if (event instanceof ServerUnregistered e) {
            return e.server().name();
        }
        if (event instanceof ConnectionRegistered e) {
            return e.id().value();
        }
        if (event instanceof ConnectionUnregistered e) {
            return e.id().value();
        }
        throw new AssertionError("unexpected event " + event);
    }

    @Test
    void aChangeToAnotherRegistryFromAListenerIsDeliveredAfterTheCurrentEventReachedEveryListener() {
        List<String> seen = new CopyOnWriteArrayList<>();
        servers.addListener(event -> {
            seen.add("servers#1 " + event.getClass().getSimpleName());
            if (event instanceof ServerRegistered) {
                connections.register(ConnectionId.of("feed"), "transport"); // like the CDI bridge's observers
                seen.add("servers#1 returned from register");
            }
        });
        servers.addListener(event -> seen.add("servers#2 " + event.getClass().getSimpleName()));
        connections.addListener(event -> seen.add("connections " + event.getClass().getSimpleName()));

        servers.register("api", TestServer.bound(4433), 0, Map.of());

        assertThat(seen).containsExactly(
                "servers#1 ServerRegistered",
                "servers#1 returned from register",
                "servers#2 ServerRegistered",
                "connections ConnectionRegistered");
    }

    @Test
    void nothingOfTheRegistriesStaysOnAThreadAfterAChangeNestedOrNot() {
        List<Boolean> duringDelivery = new CopyOnWriteArrayList<>();
        servers.addListener(event -> {
            duringDelivery.add(EventCore.holdsThreadState());
            if (event instanceof ServerRegistered) {
                connections.register(ConnectionId.of("nested"), "transport");
            }
        });

        servers.register("api", TestServer.bound(4433), 0, Map.of());
        boolean afterNested = EventCore.holdsThreadState();
        connections.unregister(ConnectionId.of("nested"));
        servers.unregister("api");

        assertThat(duringDelivery).containsOnly(true);
        assertThat(afterNested).isFalse();
        assertThat(EventCore.holdsThreadState()).isFalse();
    }

    @Test
    void updatePortIsAWriteAndValidatesTheName() {
        assertThatIllegalArgumentException().isThrownBy(() -> servers.updatePort("not a name", 4433))
                .withMessageContaining("server name 'not a name' is not valid");
        assertThat(servers.updatePort("absent", 4433)).isFalse();
    }
}
