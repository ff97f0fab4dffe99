package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Eight threads register, replace and unregister transports of a few ids at random; two listeners
 * replay the events into a model each, checking every step. Afterwards both models equal the registry.
 */
class ConcurrentConnectionRegistryTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 20_000;
    private static final List<ConnectionId> IDS = List.of(
            ConnectionId.of("c1"), ConnectionId.of("c2"), ConnectionId.of("c3"), ConnectionId.of("c4"));

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    /** A few shared transports, so that "the same transport again" happens too. */
    private final List<Object> sharedTransports = List.of(new Object(), new Object(), new Object());

    @Test
    void theRegistryAgreesWithWhatEveryListenerSaw() throws Exception {
        Model first = new Model();
        Model second = new Model();
        registry.addListener(first);
        registry.addListener(second);
        long seed = System.nanoTime();

        Concurrently.run(THREADS, OPERATIONS_PER_THREAD, seed, (random, label) -> step(random));

        assertThat(first.violations).as("seed %d", seed).isEmpty();
        assertThat(second.violations).as("seed %d", seed).isEmpty();
        for (ConnectionId id : IDS) {
            Optional<Object> transport = registry.transport(id);
            assertThat(transport.orElse(null)).as("%s, seed %d", id, seed).isSameAs(first.transports.get(id));
            assertThat(transport.orElse(null)).as("%s, seed %d", id, seed).isSameAs(second.transports.get(id));
            assertThat(registry.handle(id, Object.class).current().orElse(null)).isSameAs(transport.orElse(null));
        }
        assertThat(first.history).isEqualTo(second.history);
    }

    private void step(Random random) {
        ConnectionId id = IDS.get(random.nextInt(IDS.size()));
        switch (random.nextInt(5)) {
            case 0 -> registry.register(id, transport(random));
            case 1 -> registry.replaceTransport(id, transport(random));
            case 2 -> registry.unregister(id);
            case 3 -> registry.transport(id);
            default -> {
                ConnectionHandle<Object> handle = registry.handle(id, Object.class);
                handle.current();
            }
        }
    }

    private Object transport(Random random) {
        return random.nextBoolean() ? new Object() : sharedTransports.get(random.nextInt(sharedTransports.size()));
    }

    /** Replays events into id -> transport, recording any transition that could not have happened. */
    private static final class Model implements RegistryListener {
        final Map<ConnectionId, Object> transports = new ConcurrentHashMap<>();
        final Map<ConnectionId, List<RegistryEvent>> history = new ConcurrentHashMap<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();

        @Override
        public void onEvent(RegistryEvent event) {
            if (event instanceof ConnectionRegistered registered) {
                record(registered.id(), event);
                if (transports.putIfAbsent(registered.id(), registered.transport()) != null) {
                    violations.add("registered while present: " + event);
                }
            } else if (event instanceof ConnectionReplaced replaced) {
                record(replaced.id(), event);
                Object current = transports.get(replaced.id());
                if (current != replaced.previous() || replaced.previous() == replaced.current()) {
                    violations.add("replaced " + event + " but model had " + current);
                }
                transports.put(replaced.id(), replaced.current());
            } else if (event instanceof ConnectionUnregistered unregistered) {
                record(unregistered.id(), event);
                Object current = transports.remove(unregistered.id());
                if (current != unregistered.transport()) {
                    violations.add("unregistered " + event + " but model had " + current);
                }
            } else {
                violations.add("unexpected event " + event);
            }
        }

        private void record(ConnectionId id, RegistryEvent event) {
            history.computeIfAbsent(id, n -> new ArrayList<>()).add(event);
        }
    }
}
