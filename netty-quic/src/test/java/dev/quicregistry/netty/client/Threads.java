package dev.quicregistry.netty.client;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Live threads by name, for leak checks. */
final class Threads {

    private Threads() {
    }

    /** Names of live threads that start with {@code prefix}, once none is left or after ten seconds (it returns as soon as they are gone). */
    static java.util.List<String> startingWith(String prefix) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> live(prefix).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
            // reported by the caller's assertion on the list
        }
        return live(prefix);
    }

    static java.util.List<String> live(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix))
                .map(Thread::getName).toList();
    }
}
