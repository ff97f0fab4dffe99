package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.impl.LocalConnectionRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The engine on real threads: racing loss signals, and its own scheduler thread's end. */
class ReconnectorThreadsTest {

    @RepeatedTest(50)
    void fourLossSignalsRacingFromFourThreadsGiveOneReconnectionAndOneEvent() throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry();
        EventLog events = new EventLog();
        registry.addListener(events);
        AtomicInteger attempts = new AtomicInteger();
        LinkedBlockingQueue<TestTransport> connected = new LinkedBlockingQueue<>();
        Connector<TestTransport> connector = () -> {
            TestTransport transport = new TestTransport("t" + attempts.incrementAndGet());
            connected.add(transport);
            return CompletableFuture.completedFuture(transport);
        };
        try (var reconnector = Reconnector.builder(registry, ConnectionId.of("race"), connector)
                .backoff(attempt -> java.util.Optional.of(Duration.ZERO)).transportCloser(TestTransport::close).start()) {
            TestTransport first = connected.poll(1, TimeUnit.SECONDS);
            CyclicBarrier barrier = new CyclicBarrier(4);
            List<Throwable> causes = List.of(new IOException("read error"), new IOException("close frame 1006"),
                    new TimeoutException("ping timeout"), new IllegalStateException("explicit"));
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (Throwable cause : causes) {
                    done.add(threads.submit(() -> {
                        barrier.await(1, TimeUnit.SECONDS);
                        reconnector.transportLost(first, cause);
                        return null;
                    }));
                }
                for (Future<?> each : done) {
                    each.get(2, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            TestTransport second = reconnector.awaitConnected(Duration.ofSeconds(2));

            assertThat(second).isNotSameAs(first);
            assertThat(events.of(ConnectionReplaced.class)).containsExactly(
                    new ConnectionReplaced(ConnectionId.of("race"), first, second));
            assertThat(attempts).hasValue(2);
            assertThat(first.closes).hasValue(1);
        }
    }

    @Test
    void itsOwnSchedulerThreadEndsWhenClosedDuringAPendingRetry() throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry();
        ConnectionId id = ConnectionId.of("own-thread");
        AtomicInteger attempts = new AtomicInteger();
        Reconnector<TestTransport> reconnector = Reconnector.<TestTransport>builder(registry, id, () -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
        }).backoff(ExponentialBackoff.of(Duration.ofMillis(1), Duration.ofMillis(5), ExponentialBackoff.UNLIMITED)).start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 3);
        assertThat(threadsNamed("quic-registry-reconnect-own-thread")).isEqualTo(1);

        reconnector.close();
        int attemptsAtClose = attempts.get();

        assertThat(threadsNamed("quic-registry-reconnect-own-thread")).as("scheduler thread gone").isZero();
        assertThat(attempts).as("no attempt after close").hasValue(attemptsAtClose);
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive()).count();
    }
}
