package dev.quicregistry.reconnect;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A transport as the engine sees one: a name, a count of closes, and a close signal to complete. */
final class TestTransport {

    final String name;
    final AtomicInteger closes = new AtomicInteger();
    final CompletableFuture<Void> lost = new CompletableFuture<>();

    TestTransport(String name) {
        this.name = name;
    }

    void close() {
        closes.incrementAndGet();
    }

    @Override
    public String toString() {
        return "TestTransport[" + name + "]";
    }
}
