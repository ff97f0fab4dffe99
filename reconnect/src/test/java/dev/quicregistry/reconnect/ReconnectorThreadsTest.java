package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.impl.LocalConnectionRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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

/** The engine on real threads: racing loss signals, its own scheduler thread's end, and close while another thread holds it. */
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

        // close() returns once the thread ran its last task; its own exit may still be under way
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(() -> threadsNamed("quic-registry-reconnect-own-thread") == 0);
        assertThat(attempts).as("no attempt after close").hasValue(attemptsAtClose);
    }

    @Test
    void closeWaitsForTheTaskOnItsOwnSchedulerThreadAndForThatThreadToEndAndThenReturnsTrue() throws Exception {
        ConnectionId id = ConnectionId.of("waits-for-own-thread");
        CountDownLatch releaseAttempt = new CountDownLatch(1);
        CompletableFuture<Thread> ownThread = new CompletableFuture<>();
        Reconnector<TestTransport> reconnector = Reconnector.<TestTransport>builder(new LocalConnectionRegistry(), id, () -> {
            if (isOwnThreadOf(id) && ownThread.complete(Thread.currentThread())) { // a retry, on its own thread
                releaseAttempt.await(10, TimeUnit.SECONDS);
            }
            return CompletableFuture.failedFuture(new ConnectException("refused"));
        }).backoff(attempt -> Optional.of(Duration.ZERO)).start();
        Thread thread = ownThread.get(5, TimeUnit.SECONDS);

        Thread releaser = releaseOnceWaiting(Thread.currentThread(), releaseAttempt);
        boolean done = reconnector.close(Duration.ofSeconds(5));
        releaser.join(5_000);

        assertThat(done).isTrue();
        thread.join(10_000); // it has run its last task; only the thread's own exit may still be under way (returns as soon as it did)
        assertThat(thread.isAlive()).as("scheduler thread gone").isFalse();
    }

    @Test
    void closeReturnsFalseWhenItsOwnSchedulerThreadIsStillBusyAtTheTimeout() throws Exception {
        ConnectionId id = ConnectionId.of("own-thread-busy");
        CountDownLatch releaseAttempt = new CountDownLatch(1);
        CountDownLatch closingStale = new CountDownLatch(1);
        CountDownLatch releaseCloser = new CountDownLatch(1);
        CompletableFuture<Thread> ownThread = new CompletableFuture<>();
        Reconnector<TestTransport> reconnector = Reconnector.<TestTransport>builder(new LocalConnectionRegistry(), id, () -> {
            if (isOwnThreadOf(id) && ownThread.complete(Thread.currentThread())) {
                releaseAttempt.await(10, TimeUnit.SECONDS);
                return CompletableFuture.completedFuture(new TestTransport("arrives after close"));
            }
            return CompletableFuture.failedFuture(new ConnectException("refused"));
        }).backoff(attempt -> Optional.of(Duration.ZERO))
                // a slow closer keeps the scheduler thread busy with the stale transport after the close
                .transportCloser(stale -> {
                    closingStale.countDown();
                    BlockingStateListener.awaitQuietly(releaseCloser);
                }).start();
        Thread thread = ownThread.get(5, TimeUnit.SECONDS);
        CompletableFuture<Boolean> firstClose = new CompletableFuture<>();
        Thread firstCloser = new Thread(() -> firstClose.complete(reconnector.close(Duration.ofSeconds(5))), "first-closer");
        firstCloser.start();
        releaseOnceWaiting(firstCloser, releaseAttempt).join(5_000);
        assertThat(closingStale.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(reconnector.closed().toCompletableFuture()).as("closed before its thread let go of the stale transport")
                .isCompleted();

        boolean done;
        try {
            done = reconnector.close(Duration.ofMillis(50));
        } finally {
            releaseCloser.countDown();
        }

        assertThat(done).as("its thread was still closing the stale transport").isFalse();
        assertThat(firstClose.get(5, TimeUnit.SECONDS)).as("the wait that outlasted the closer").isTrue();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void itsOwnSchedulerThreadEndsWhenItClosesByItselfAfterThePolicyGaveUp() throws Exception {
        ConnectionId id = ConnectionId.of("gives-up");
        Reconnector<TestTransport> reconnector = Reconnector.<TestTransport>builder(new LocalConnectionRegistry(), id,
                () -> CompletableFuture.failedFuture(new ConnectException("refused")))
                .backoff(attempt -> attempt <= 2 ? Optional.of(Duration.ZERO) : Optional.empty()).start();

        assertThat(reconnector.closed().toCompletableFuture().get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(ConnectionState.Closed.Reason.ATTEMPTS_EXHAUSTED);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1))
                .alias("nobody called close(): the reconnector stopped its thread itself")
                .until(() -> threadsNamed("quic-registry-reconnect-" + id) == 0);
    }

    /**
     * Whether the caller is the thread of the scheduler the reconnector of {@code id} made for itself
     * (a retry usually runs there, unless the thread that scheduled it is still running the reconnector's tasks).
     */
    private static boolean isOwnThreadOf(ConnectionId id) {
        return Thread.currentThread().getName().equals("quic-registry-reconnect-" + id);
    }

    @Test
    void anInterruptedCloseReturnsFalseAtOnceAndKeepsTheInterrupt() throws Exception {
        VirtualScheduler clock = new VirtualScheduler();
        ScriptedConnector connector = new ScriptedConnector(clock);
        BlockingStateListener stuck = new BlockingStateListener(ConnectionState.Reconnecting.class);
        Reconnector<TestTransport> reconnector = Reconnector.builder(new LocalConnectionRegistry(),
                ConnectionId.of("interrupted"), connector).scheduler(clock).stateListener(stuck).start();
        TestTransport first = connector.succeedNext("first");
        Thread loser = new Thread(() -> reconnector.transportLost(first, new IOException("lost")), "loss-signal");
        loser.start();
        stuck.awaitStuck();
        boolean done;
        boolean stillInterrupted;
        try {
            Thread.currentThread().interrupt();
            done = reconnector.close(Duration.ofSeconds(5));
        } finally {
            stillInterrupted = Thread.interrupted();
            stuck.release();
            loser.join(5_000);
        }

        assertThat(done).isFalse();
        assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
        assertThat(reconnector.closed().toCompletableFuture().get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(ConnectionState.Closed.Reason.CLOSED_BY_CLIENT);
    }

    @Test
    void closeWaitsNoLongerThanTheConfiguredCloseTimeoutAndSaysSoAtWarning() throws Exception {
        VirtualScheduler clock = new VirtualScheduler();
        ScriptedConnector connector = new ScriptedConnector(clock);
        BlockingStateListener stuck = new BlockingStateListener(ConnectionState.Reconnecting.class);
        Reconnector<TestTransport> reconnector = Reconnector.builder(new LocalConnectionRegistry(),
                ConnectionId.of("stuck"), connector).scheduler(clock).closeTimeout(Duration.ofMillis(100))
                .stateListener(stuck).start();
        TestTransport first = connector.succeedNext("first");
        Thread loser = new Thread(() -> reconnector.transportLost(first, new IOException("lost")), "loss-signal");
        loser.start();
        stuck.awaitStuck();
        try (LogCapture log = LogCapture.of(Reconnector.class)) {
            long started = System.nanoTime();
            reconnector.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Reconnector[stuck, Reconnecting[attempt=1, ")
                    .endsWith("]: close did not finish within PT0.1S (another thread is still running this "
                            + "reconnector's task); returning anyway");
        } finally {
            stuck.release();
            loser.join(5_000);
        }
    }

    /** A thread that releases {@code latch} once {@code waiter} waits with a timeout (in close, here). */
    private static Thread releaseOnceWaiting(Thread waiter, CountDownLatch latch) {
        Thread releaser = new Thread(() -> {
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
            latch.countDown();
        }, "releaser");
        releaser.start();
        return releaser;
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive()).count();
    }
}
