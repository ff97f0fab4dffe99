package dev.quicregistry.reconnect;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The connector neighbour of a {@link Reconnector} under test: each attempt is a future the test
 * completes (with a {@link TestTransport} or a failure), and the virtual time of each attempt is kept.
 */
final class ScriptedConnector implements Connector<TestTransport> {

    private final LinkedBlockingQueue<CompletableFuture<TestTransport>> attempts = new LinkedBlockingQueue<>();
    private final List<Duration> attemptTimes = new CopyOnWriteArrayList<>();
    private final VirtualScheduler clock;
    private volatile boolean failEveryAttempt;

    ScriptedConnector(VirtualScheduler clock) {
        this.clock = clock;
    }

    /** Makes every later attempt fail at once. */
    ScriptedConnector failingEveryAttempt() {
        failEveryAttempt = true;
        return this;
    }

    @Override
    public CompletionStage<TestTransport> connect() {
        attemptTimes.add(clock.now());
        if (failEveryAttempt) {
            return CompletableFuture.failedFuture(new java.net.ConnectException("connection refused (attempt "
                    + attemptTimes.size() + ")"));
        }
        CompletableFuture<TestTransport> attempt = new CompletableFuture<>();
        attempts.add(attempt);
        return attempt;
    }

    /** The oldest attempt not yet taken; fails the test when none is made within a second. */
    CompletableFuture<TestTransport> nextAttempt() throws InterruptedException {
        CompletableFuture<TestTransport> attempt = attempts.poll(1, TimeUnit.SECONDS);
        if (attempt == null) {
            throw new AssertionError("no connection attempt was made");
        }
        return attempt;
    }

    /** Connects the oldest pending attempt to a new transport, and returns that transport. */
    TestTransport succeedNext(String name) throws InterruptedException {
        TestTransport transport = new TestTransport(name);
        nextAttempt().complete(transport);
        return transport;
    }

    int attemptCount() {
        return attemptTimes.size();
    }

    List<Duration> attemptTimes() {
        return List.copyOf(attemptTimes);
    }
}
