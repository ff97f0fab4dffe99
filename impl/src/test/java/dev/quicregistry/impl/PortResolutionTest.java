package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.TestServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A port registered as 0 is resolved from its own server's bound port, stored once and announced once. */
class PortResolutionTest {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void aRegisteredZeroIsResolvedFromTheBoundPortAndStored() {
        TestServer server = TestServer.named("x").bindTo(40123);
        registry.register("api", server, 0, Map.of());
        registry.addListener(listener);

        assertThat(registry.port("api")).hasValue(40123);
        server.bindTo(0);

        assertThat(registry.port("api")).hasValue(40123);
        assertThat(registry.lookup("api").orElseThrow().port()).isEqualTo(40123);
        assertThat(listener.events()).containsExactly(new ServerPortResolved("api", 40123));
    }

    @Test
    void aZeroIsNotKnownWhileTheServerIsNotBound() {
        registry.register("api", TestServer.named("x"), 0, Map.of());
        registry.addListener(listener);

        assertThat(registry.port("api")).isEmpty();
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void manyThreadsResolvingAtOnceStoreOnceAndFireOnce() throws Exception {
        int threads = 8;
        for (int round = 0; round < 50; round++) {
            LocalQuicServerRegistry fresh = new LocalQuicServerRegistry();
            RecordingListener recorder = new RecordingListener();
            fresh.register("api", TestServer.named("x").bindTo(40000 + round), 0, Map.of());
            fresh.addListener(recorder);
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<OptionalInt>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    answers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return fresh.port("api");
                    }));
                }
                for (Future<OptionalInt> answer : answers) {
                    assertThat(answer.get(10, TimeUnit.SECONDS)).hasValue(40000 + round);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(recorder.events()).as("round %d", round)
                    .containsExactly(new ServerPortResolved("api", 40000 + round));
        }
    }

    @Test
    void updatePortStoresTheNewPortAndFiresEvenForAKnownPort() {
        registry.register("api", TestServer.named("x"), 4433, Map.of());
        registry.addListener(listener);

        assertThat(registry.updatePort("api", 4434)).isTrue();
        assertThat(registry.updatePort("api", 4434)).isTrue();

        assertThat(registry.port("api")).hasValue(4434);
        assertThat(listener.events()).containsExactly(
                new ServerPortResolved("api", 4434), new ServerPortResolved("api", 4434));
    }

    /**
     * The entry is replaced while its port is being resolved (between the read of the entry and the
     * store of the port): the replacement's port is its own server's, never the replaced server's.
     */
    @Test
    void aPortResolvedWhileTheEntryIsReplacedIsTheReplacementsOwn() {
        TestServer replacement = TestServer.named("replacement").bindTo(40002);
        QuicServer replaced = new ReplacedWhileResolving(TestServer.named("replaced").bindTo(40001),
                () -> registry.register("api", replacement, 0, Map.of()));
        registry.register("api", replaced, 0, Map.of());
        registry.addListener(listener);

        assertThat(registry.port("api")).hasValue(40002);

        ServerInfo now = registry.lookup("api").orElseThrow();
        assertThat(now.server()).isSameAs(replacement);
        assertThat(now.port()).isEqualTo(40002);
        assertThat(listener.events()).filteredOn(ServerPortResolved.class::isInstance)
                .containsExactly(new ServerPortResolved("api", 40002));
    }

    /** The entry is removed while its port is being resolved: no port is resolved, and none is answered. */
    @Test
    void aPortReadWhileTheEntryIsRemovedIsNotKnown() {
        registry.register("api", new ReplacedWhileResolving(TestServer.named("x").bindTo(40001),
                () -> registry.unregister("api")), 0, Map.of());
        registry.addListener(listener);

        assertThat(registry.port("api")).isEmpty();

        assertThat(registry.lookup("api")).isEmpty();
        assertThat(listener.events()).noneMatch(ServerPortResolved.class::isInstance);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65535})
    void aBoundPortAtEitherEndOfTheRangeIsResolved(int bound) {
        registry.register("api", TestServer.named("x").bindTo(bound), 0, Map.of());

        assertThat(registry.port("api")).hasValue(bound);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8443, 65535})
    void aKnownPortIsReadAsTheSameOptionalIntUntilTheEntryChanges(int port) {
        registry.register("api", TestServer.bound(port), port, Map.of());

        OptionalInt first = registry.port("api");

        assertThat(first).hasValue(port);
        assertThat(registry.port("api")).isSameAs(first);

        int next = port == 65535 ? 1 : port + 1;
        registry.updatePort("api", next);
        OptionalInt updated = registry.port("api");
        assertThat(updated).hasValue(next);
        assertThat(registry.port("api")).isSameAs(updated);

        registry.register("api", TestServer.bound(port), port, Map.of());
        assertThat(registry.port("api")).hasValue(port);
        registry.unregister("api");
        assertThat(registry.port("api")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void aServerReportingNoPortIsNotResolved(int bound) {
        registry.register("api", TestServer.named("x").bindTo(bound), 0, Map.of());

        assertThat(registry.port("api")).isEmpty();
        assertThat(registry.lookup("api").orElseThrow().port()).isZero();
    }

    @Test
    void updatePortOfANameWhoseEntryIsBeingRemovedIsFalse() {
        registry.register("api", TestServer.named("x"), 4433, Map.of());
        AtomicReference<Boolean> updatedFromListener = new AtomicReference<>();
        registry.addListener(event -> {
            if (event instanceof ServerUnregistered) {
                updatedFromListener.set(registry.updatePort("api", 4434));
            }
        });

        registry.unregister("api");

        assertThat(updatedFromListener.get()).isFalse();
        assertThat(registry.lookup("api")).isEmpty();
        assertThat(registry.updatePort("api", 4434)).isFalse();
    }

    @Test
    void aResolvedPortFollowsTheEntryButNotItsReplacement() {
        registry.register("api", TestServer.named("old").bindTo(40001), 0, Map.of());
        assertThat(registry.port("api")).hasValue(40001);

        registry.register("api", TestServer.named("new"), 0, Map.of());

        assertThat(registry.port("api")).isEmpty();
    }

    /** A server whose first report of its bound port runs {@code replace} first, as another thread could at that moment. */
    private static final class ReplacedWhileResolving implements QuicServer {
        private final TestServer server;
        private final AtomicReference<Runnable> replace;

        ReplacedWhileResolving(TestServer server, Runnable replace) {
            this.server = server;
            this.replace = new AtomicReference<>(replace);
        }

        @Override
        public int boundPort() {
            Runnable once = replace.getAndSet(null);
            if (once != null) {
                once.run();
            }
            return server.boundPort();
        }

        @Override
        public void start(ServerSettings settings) {
            server.start(settings);
        }

        @Override
        public Optional<InetSocketAddress> localAddress() {
            return server.localAddress();
        }

        @Override
        public List<QuicConnection> connections() {
            return server.connections();
        }

        @Override
        public CompletionStage<Void> termination() {
            return server.termination();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
