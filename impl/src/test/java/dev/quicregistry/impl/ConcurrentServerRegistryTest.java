package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.TestServer;
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
 * Eight threads change a few names at random; two listeners replay the events into a model each,
 * checking every step is a legal transition. Afterwards both models equal the registry.
 */
class ConcurrentServerRegistryTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 20_000;
    private static final List<String> NAMES = List.of("alpha", "beta", "gamma", "delta");

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final Queue<TestServer> allServers = new ConcurrentLinkedQueue<>();

    @Test
    void theRegistryAgreesWithWhatEveryListenerSawAndHoldsNoTerminatedServer() throws Exception {
        Model first = new Model();
        Model second = new Model();
        registry.addListener(first);
        registry.addListener(second);
        long seed = System.nanoTime();

        Concurrently.run(THREADS, OPERATIONS_PER_THREAD, seed, this::step);

        assertThat(first.violations).as("seed %d", seed).isEmpty();
        assertThat(second.violations).as("seed %d", seed).isEmpty();
        for (String name : NAMES) {
            Optional<ServerInfo> entry = registry.lookup(name);
            assertThat(entry).as("%s, seed %d", name, seed).isEqualTo(Optional.ofNullable(first.entries.get(name)));
            assertThat(entry).as("%s, seed %d", name, seed).isEqualTo(Optional.ofNullable(second.entries.get(name)));
            entry.ifPresent(info -> assertThat(((TestServer) info.server()).isTerminated())
                    .as("terminated server still registered as %s", name).isFalse());
        }
        assertThat(first.history).isEqualTo(second.history);
        for (TestServer server : allServers) {
            if (server.isTerminated()) {
                assertThat(registry.names()).allSatisfy(name ->
                        assertThat(registry.lookup(name).map(ServerInfo::server)).isNotEqualTo(Optional.of(server)));
            }
        }
    }

    private void step(Random random, String label) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        switch (random.nextInt(7)) {
            case 0, 1 -> registry.register(name, newServer(label, random), random.nextInt(3), Map.of("op", label));
            case 2 -> registry.unregister(name);
            case 3 -> registry.lookup(name).ifPresent(info -> ((TestServer) info.server()).terminate());
            case 4 -> registry.updatePort(name, 1 + random.nextInt(65535));
            case 5 -> registry.port(name);
            default -> {
                TestServer dead = newServer(label, random);
                dead.terminate();
                registry.register(name, dead, 0, Map.of());
            }
        }
    }

    private TestServer newServer(String label, Random random) {
        TestServer server = TestServer.named(label).bindTo(1024 + random.nextInt(60000));
        allServers.add(server);
        return server;
    }

    /** Replays events into name -> entry, recording any transition that could not have happened. */
    private static final class Model implements RegistryListener {
        final Map<String, ServerInfo> entries = new ConcurrentHashMap<>();
        final Map<String, List<RegistryEvent>> history = new ConcurrentHashMap<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();

        @Override
        public void onEvent(RegistryEvent event) {
            if (event instanceof ServerRegistered registered) {
                String name = registered.server().name();
                record(name, event);
                if (entries.putIfAbsent(name, registered.server()) != null) {
                    violations.add("registered while present: " + event);
                }
            } else if (event instanceof ServerUnregistered unregistered) {
                String name = unregistered.server().name();
                record(name, event);
                ServerInfo current = entries.remove(name);
                if (current == null || current.server() != unregistered.server().server()) {
                    violations.add("unregistered " + unregistered + " but model had " + current);
                }
            } else if (event instanceof ServerPortResolved resolved) {
                record(resolved.name(), event);
                ServerInfo current = entries.get(resolved.name());
                if (current == null) {
                    violations.add("port resolved for an absent name: " + event);
                } else {
                    entries.put(resolved.name(), current.withPort(resolved.port()));
                }
            } else {
                violations.add("unexpected event " + event);
            }
        }

        private void record(String name, RegistryEvent event) {
            history.computeIfAbsent(name, n -> new ArrayList<>()).add(event);
        }
    }
}
