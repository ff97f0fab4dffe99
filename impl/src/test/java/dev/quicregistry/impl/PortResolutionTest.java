package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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

    @Test
    void aResolvedPortFollowsTheEntryButNotItsReplacement() {
        registry.register("api", TestServer.named("old").bindTo(40001), 0, Map.of());
        assertThat(registry.port("api")).hasValue(40001);

        registry.register("api", TestServer.named("new"), 0, Map.of());

        assertThat(registry.port("api")).isEmpty();
    }
}
