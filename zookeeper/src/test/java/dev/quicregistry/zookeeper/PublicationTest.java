package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestServer;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a registry's servers become endpoints: what is created, updated and removed as the registry
 * changes (the registry is the source of truth), on the publishing thread, without ZooKeeper (the
 * znodes are recorded here; {@link DirectoryTest} publishes into a real one).
 */
class PublicationTest {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final RecordingZnodes znodes = new RecordingZnodes();
    private final ManualExecutor publisher = new ManualExecutor();
    private final LogCapture log = LogCapture.of(Publication.class);

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private Publication publish() {
        // "api-key" allowed by mistake: the secret rule still keeps it out
        return new Publication(registry, znodes, bound -> bound == null ? "unbound.invalid" : "host-of-" + bound.getPort(),
                Set.of("alpn", "weight", "api-key"), publisher);
    }

    @Test
    void aServerWithAKnownPortIsPublishedWithItsHostPortAndOnlyTheAllowedNonSecretOptions() {
        publish();
        registry.register("api", TestServer.bound(4433), 4433, Map.of("alpn", "h3", "key-password", "x", "weight", 3,
                "api-key", "k3y", "Credentials", "c", "region", "eu-1"));

        publisher.runAll();

        ServerEndpoint endpoint = znodes.live().get(0);
        assertThat(znodes.live()).hasSize(1);
        assertThat(endpoint.name()).isEqualTo("api");
        assertThat(endpoint.host()).isEqualTo("host-of-4433");
        assertThat(endpoint.port()).isEqualTo(4433);
        assertThat(endpoint.attributes()).isEqualTo(Map.of("alpn", "h3", "weight", "3")); // a map: no order
    }

    @Test
    void aServerWhosePortIsNotKnownYetIsPublishedOnceItsServerHasBoundOne() {
        publish();
        TestServer server = TestServer.named("later");
        registry.register("api", server, 0, Map.of());
        publisher.runAll();
        assertThat(znodes.live()).isEmpty();

        server.bindTo(5000);
        registry.register("other", TestServer.bound(5001), 5001, Map.of()); // any change asks for a reconciliation
        publisher.runAll();

        assertThat(znodes.live()).extracting(ServerEndpoint::name).containsExactlyInAnyOrder("api", "other");
    }

    @Test
    void anUnregisteredServerIsWithdrawnAndAReplacedOneIsAnotherEndpoint() {
        publish();
        registry.register("api", TestServer.bound(1), 1, Map.of());
        registry.register("gone", TestServer.bound(2), 2, Map.of());
        publisher.runAll();
        ServerEndpoint first = znodes.live().stream().filter(e -> e.name().equals("api")).findFirst().orElseThrow();

        registry.unregister("gone");
        registry.register("api", TestServer.bound(3), 3, Map.of());
        publisher.runAll();

        assertThat(znodes.live()).hasSize(1);
        ServerEndpoint now = znodes.live().get(0);
        assertThat(now.port()).isEqualTo(3);
        assertThat(now.instanceId()).isNotEqualTo(first.instanceId());
        assertThat(znodes.removed).extracting(ServerEndpoint::name).containsExactlyInAnyOrder("gone", "api");
    }

    @Test
    void aDrainingServerIsWithdrawnAtOnceAndNotPublishedAgainWhileItDrains() {
        publish();
        TestServer server = TestServer.bound(4433);
        registry.register("api", server, 4433, Map.of());
        publisher.runAll();
        assertThat(znodes.live()).hasSize(1);
        List<Integer> publishedWhileDraining = new ArrayList<>();
        server.whileDraining(() -> {
            publisher.runAll();
            publishedWhileDraining.add(znodes.live().size());
            registry.updatePort("api", 4434); // a change of the draining entry asks for another reconciliation
            publisher.runAll();
            publishedWhileDraining.add(znodes.live().size());
        });

        registry.drain("api", java.time.Duration.ofSeconds(5));
        publisher.runAll();

        assertThat(publishedWhileDraining).containsExactly(0, 0);
        assertThat(znodes.removed).extracting(ServerEndpoint::port).containsExactly(4433);
        assertThat(znodes.created).hasSize(1);
    }

    @Test
    void aChangedEntryOfTheSameServerUpdatesItsZnodeKeepingItsIdentity() {
        publish();
        TestServer server = TestServer.bound(1);
        registry.register("api", server, 1, Map.of("alpn", "h3"));
        publisher.runAll();
        ServerEndpoint before = znodes.live().get(0);

        registry.updatePort("api", 2);
        publisher.runAll();

        ServerEndpoint after = znodes.live().get(0);
        assertThat(znodes.created).hasSize(1);
        assertThat(znodes.updates).containsExactly(after);
        assertThat(after.port()).isEqualTo(2);
        assertThat(after.instanceId()).isEqualTo(before.instanceId());
        assertThat(after.registeredAt()).isEqualTo(before.registeredAt());

        publisher.runAll(); // nothing changed since: nothing written
        assertThat(znodes.updates).hasSize(1);
    }

    @Test
    void whatTheRegistryHoldsWhenPublishingStartsIsPublished() {
        registry.register("api", TestServer.bound(1), 1, Map.of());

        publish();
        publisher.runAll();

        assertThat(znodes.live()).extracting(ServerEndpoint::name).containsExactly("api");
    }

    @Test
    void aWithdrawnEndpointIsWithdrawnOnce() {
        publish();
        registry.register("gone", TestServer.bound(1), 1, Map.of());
        publisher.runAll();

        registry.unregister("gone");
        publisher.runAll();
        registry.register("other", TestServer.bound(2), 2, Map.of());
        publisher.runAll();

        assertThat(znodes.removed).extracting(ServerEndpoint::name).containsExactly("gone");
    }

    @Test
    void eachPublicationAndWithdrawalIsLoggedAtDebug() {
        publish();
        registry.register("api", TestServer.bound(1), 1, Map.of());
        publisher.runAll();
        registry.unregister("api");
        publisher.runAll();

        assertThat(log.messagesAt(java.util.logging.Level.FINE)).hasSize(2);
        assertThat(log.at(java.util.logging.Level.FINE)).extracting(record -> record.getMessage())
                .satisfiesExactly(first -> assertThat(first).startsWith("publishing ServerEndpoint[name=api"),
                        second -> assertThat(second).startsWith("withdrew ServerEndpoint[name=api"));
    }

    /**
     * Between the read of a name's port and the read of its entry, another thread replaces the entry
     * with one whose port is not known yet: that entry is not published (an endpoint needs a port),
     * and the reconciliation its change asked for publishes it once its port is known.
     */
    @Test
    void anEntryReplacedByOneWithoutAKnownPortBetweenTheTwoReadsIsNotPublished() {
        TestServer unbound = TestServer.named("unbound");
        QuicServerRegistry replacedWhileRead = new ReplacingOnPortRead(registry,
                () -> registry.register("api", unbound, 0, Map.of()));
        registry.register("api", TestServer.bound(1), 1, Map.of());
        new Publication(replacedWhileRead, znodes, bound -> "h", Set.of("alpn"), publisher);

        publisher.runAll();
        assertThat(znodes.live()).isEmpty();

        unbound.bindTo(2);
        registry.register("other", TestServer.bound(3), 3, Map.of());
        publisher.runAll();
        assertThat(znodes.live()).extracting(ServerEndpoint::name, ServerEndpoint::port)
                .containsExactlyInAnyOrder(tuple("api", 2), tuple("other", 3));
    }

    @Test
    void aBurstOfChangesAsksForOneReconciliation() {
        publish();
        publisher.runAll();
        for (int i = 1; i <= 10; i++) {
            registry.register("s" + i, TestServer.bound(i), i, Map.of());
        }

        assertThat(publisher.queued()).isEqualTo(1);
        publisher.runAll();
        assertThat(znodes.live()).hasSize(10);
    }

    @Test
    void closingWithdrawsEverythingAndFollowsTheRegistryNoLonger() {
        Publication publication = publish();
        registry.register("api", TestServer.bound(1), 1, Map.of());
        publisher.runAll();

        publication.close();
        publication.close();
        registry.register("late", TestServer.bound(2), 2, Map.of());
        publisher.runAll();

        assertThat(znodes.live()).isEmpty();
        assertThat(znodes.removed).hasSize(1);
        assertThat(znodes.created).hasSize(1);
    }

    @Test
    void aReconciliationQueuedBeforeTheCloseCreatesNothing() {
        Publication publication = publish();
        registry.register("api", TestServer.bound(1), 1, Map.of());

        publication.close();
        publisher.runAll();

        assertThat(znodes.created).isEmpty();
    }

    @Test
    void aDirectoryThatClosedFirstRefusesTheWorkAndNothingFails() {
        Publication publication = publish();
        publisher.runAll();
        publisher.rejecting = true;

        registry.register("api", TestServer.bound(1), 1, Map.of());
        publication.close();

        publisher.rejecting = false;
        registry.register("later", TestServer.bound(2), 2, Map.of());
        assertThat(publisher.queued()).isZero(); // closed: no longer following the registry
        assertThat(znodes.created).isEmpty();
    }

    @Test
    void aRefusedRequestDoesNotStopTheNextOne() {
        publish();
        publisher.runAll();
        publisher.rejecting = true;
        registry.register("api", TestServer.bound(1), 1, Map.of());
        publisher.rejecting = false;

        registry.register("other", TestServer.bound(2), 2, Map.of());
        publisher.runAll();

        assertThat(znodes.live()).hasSize(2);
    }

    @Test
    void aZnodeThatCannotBeCreatedIsLoggedAndTriedAgainAtTheNextChange() {
        publish();
        znodes.failing = true;
        registry.register("api", TestServer.bound(1), 1, Map.of());
        publisher.runAll();
        assertThat(znodes.live()).isEmpty();
        assertThat(log.warnings()).singleElement().asString().startsWith("could not publish ServerEndpoint[name=api");

        znodes.failing = false;
        registry.register("other", TestServer.bound(2), 2, Map.of());
        publisher.runAll();

        assertThat(znodes.live()).extracting(ServerEndpoint::name).containsExactlyInAnyOrder("api", "other");
    }

    @Test
    void failuresToUpdateOrWithdrawAreLoggedAndTheRestGoesOn() {
        Publication publication = publish();
        registry.register("api", TestServer.bound(1), 1, Map.of());
        registry.register("b", TestServer.bound(2), 2, Map.of());
        publisher.runAll();
        znodes.failing = true;

        registry.updatePort("api", 3);
        publisher.runAll();
        publication.close();
        publisher.runAll();

        assertThat(log.warnings()).hasSize(3);
        assertThat(log.warningTexts()).contains("could not update the published ServerEndpoint[name=api")
                .contains("could not withdraw ServerEndpoint[name=api").contains("could not withdraw ServerEndpoint[name=b")
                .contains("it goes when this directory's session ends");
    }

    /** A registry whose first read of a port runs {@code replace} right after it, as another thread could. */
    private static final class ReplacingOnPortRead implements QuicServerRegistry {
        private final QuicServerRegistry registry;
        private Runnable replace;

        ReplacingOnPortRead(QuicServerRegistry registry, Runnable replace) {
            this.registry = registry;
            this.replace = replace;
        }

        @Override
        public OptionalInt port(String name) {
            OptionalInt port = registry.port(name);
            Runnable once = replace;
            replace = null;
            if (once != null) {
                once.run();
            }
            return port;
        }

        @Override
        public void register(String name, QuicServer server, int port, Map<String, ?> options) {
            registry.register(name, server, port, options);
        }

        @Override
        public void unregister(String name) {
            registry.unregister(name);
        }

        @Override
        public boolean unregister(String name, QuicServer server) {
            return registry.unregister(name, server);
        }

        @Override
        public Optional<ServerInfo> lookup(String name) {
            return registry.lookup(name);
        }

        @Override
        public Set<String> names() {
            return registry.names();
        }

        @Override
        public Optional<InetSocketAddress> localAddress(String name) {
            return registry.localAddress(name);
        }

        @Override
        public boolean updatePort(String name, int port) {
            return registry.updatePort(name, port);
        }

        @Override
        public Optional<List<QuicConnection>> connections(String name) {
            return registry.connections(name);
        }

        @Override
        public void drain(String name, java.time.Duration grace) {
            registry.drain(name, grace);
        }

        @Override
        public boolean isDraining(String name) {
            return registry.isDraining(name);
        }

        @Override
        public Registration addListener(RegistryListener listener) {
            return registry.addListener(listener);
        }
    }

    /** The znodes a publication wrote, in memory. */
    private static final class RecordingZnodes implements Znodes {
        final List<ServerEndpoint> created = new ArrayList<>();
        final List<ServerEndpoint> updates = new ArrayList<>();
        final List<ServerEndpoint> removed = new ArrayList<>();
        final Map<Object, ServerEndpoint> current = new java.util.LinkedHashMap<>();
        boolean failing;

        @Override
        public Znode create(ServerEndpoint endpoint) throws Exception {
            if (failing) {
                throw new IllegalStateException("ZooKeeper says no");
            }
            created.add(endpoint);
            Object identity = new Object();
            current.put(identity, endpoint);
            return new Znode() {
                @Override
                public void update(ServerEndpoint changed) {
                    if (failing) {
                        throw new IllegalStateException("ZooKeeper says no");
                    }
                    updates.add(changed);
                    current.put(identity, changed);
                }

                @Override
                public void remove() {
                    if (failing) {
                        throw new IllegalStateException("ZooKeeper says no");
                    }
                    removed.add(current.remove(identity));
                }
            };
        }

        List<ServerEndpoint> live() {
            return List.copyOf(current.values());
        }
    }

    /** The publishing thread, run by the test: tasks wait until {@link #runAll()}. */
    private static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();
        boolean rejecting;

        @Override
        public void execute(Runnable task) {
            if (rejecting) {
                throw new RejectedExecutionException("the directory is closed");
            }
            tasks.add(task);
        }

        int queued() {
            return tasks.size();
        }

        void runAll() {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }
    }
}
