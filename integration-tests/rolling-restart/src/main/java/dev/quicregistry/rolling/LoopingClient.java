package dev.quicregistry.rolling;

import dev.quicregistry.netty.client.ReconnectingQuicClient;
import dev.quicregistry.reconnect.ConnectionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One {@link ReconnectingQuicClient} that loops {@code requestReply}, one request in flight, until
 * stopped: each reply checked against its request and its latency added to the phase the request
 * began in; every failure kept; every wait on a backoff (a {@code Reconnecting} state with a
 * delay) kept; the time of each replacement of its connection kept.
 */
public final class LoopingClient {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final ReconnectingQuicClient client;
    private final Supplier<Latencies> phase;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<ConnectionState.Reconnecting> backoffWaits = new CopyOnWriteArrayList<>();
    private final List<Long> replacedAt = new CopyOnWriteArrayList<>();
    private final AtomicInteger replies = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean stopping;

    /** Starts the loop on {@code client} (connected); latencies go to whatever {@code phase} gives when each request begins. */
    LoopingClient(ReconnectingQuicClient client, Supplier<Latencies> phase) {
        this.client = client;
        this.phase = phase;
        client.addStateListener(state -> {
            if (state instanceof ConnectionState.Reconnecting reconnecting && !reconnecting.delay().isZero()) {
                backoffWaits.add(reconnecting);
            }
        });
    }

    public ReconnectingQuicClient client() {
        return client;
    }

    /** Called by the driver when this client's id saw a {@code ConnectionReplaced}. */
    void replaced() {
        replacedAt.add(System.nanoTime());
    }

    void start() {
        next();
    }

    private void next() {
        if (stopping) {
            stopped.complete(null);
            return;
        }
        byte[] request = ("request " + sequence.incrementAndGet() + " of " + client.id()).getBytes(StandardCharsets.UTF_8);
        Latencies latencies = phase.get();
        long began = System.nanoTime();
        client.requestReply(request, HeldReply.MAX_REQUEST_BYTES, REQUEST_TIMEOUT).whenComplete((reply, failure) -> {
            if (failure != null) {
                failures.add(failure);
            } else if (!Arrays.equals(reply, request)) {
                failures.add(new AssertionError("reply '" + new String(reply, StandardCharsets.UTF_8) + "' to '"
                        + new String(request, StandardCharsets.UTF_8) + "'"));
            } else {
                latencies.add(System.nanoTime() - began);
                replies.incrementAndGet();
            }
            next();
        });
    }

    /** Ends the loop after the request in flight; waits (bounded) for it. */
    void stop() throws Exception {
        stopping = true;
        try {
            stopped.get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("the loop of " + client + " did not end");
        }
    }

    public int replies() {
        return replies.get();
    }

    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    public List<ConnectionState.Reconnecting> backoffWaits() {
        return List.copyOf(backoffWaits);
    }

    /** When (System.nanoTime) its connection was replaced. */
    public List<Long> replacedAt() {
        return List.copyOf(replacedAt);
    }
}
