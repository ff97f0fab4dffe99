package dev.quicregistry.websocket;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Live threads by name, for leak checks. */
final class Threads {

    private Threads() {
    }

    /** How many live threads have this name, once it has dropped to zero or after ten seconds (it returns as soon as they are gone). */
    static long named(String name) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> count(name) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
            // reported by the caller's assertion on the count
        }
        return count(name);
    }

    static long count(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals(name)).count();
    }
}
