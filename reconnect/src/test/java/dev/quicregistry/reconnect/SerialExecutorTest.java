package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.testing.LogCapture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The reconnector's one-at-a-time task runner: order, and what a failing task does to the others. */
class SerialExecutorTest {

    private final SerialExecutor serial = new SerialExecutor();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void aTaskThatThrowsIsLoggedAsAnErrorAndTheTasksQueuedBehindItStillRun() {
        try (LogCapture log = LogCapture.of(SerialExecutor.class)) {
            IllegalStateException failure = new IllegalStateException("broken task");
            serial.execute(named("failing task", () -> {
                serial.execute(() -> ran.add("queued behind it"));
                throw failure;
            }));
            serial.execute(() -> ran.add("submitted after it"));

            assertThat(ran).containsExactly("queued behind it", "submitted after it");
            List<LogRecord> errors = log.at(Level.SEVERE);
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getMessage()).isEqualTo("reconnector task failing task failed; the next task runs");
            assertThat(errors.get(0).getThrown()).isSameAs(failure);
        }
    }

    @Test
    void aVirtualMachineErrorIsRethrownNotLoggedAndTheExecutorStaysUsable() {
        try (LogCapture log = LogCapture.of(SerialExecutor.class)) {
            assertThatThrownBy(() -> serial.execute(() -> {
                throw new StackOverflowError("deep");
            })).isInstanceOf(StackOverflowError.class).hasMessage("deep");

            serial.execute(() -> ran.add("next"));

            assertThat(ran).containsExactly("next");
            assertThat(log.at(Level.SEVERE)).isEmpty();
        }
    }

    @Test
    void tasksSubmittedFromInsideATaskRunAfterItOnTheSameThread() {
        Thread caller = Thread.currentThread();
        serial.execute(() -> {
            serial.execute(() -> ran.add("inner on caller: " + (Thread.currentThread() == caller)));
            ran.add("outer, running here: " + serial.isRunningOnCurrentThread());
        });

        assertThat(ran).containsExactly("outer, running here: true", "inner on caller: true");
        assertThat(serial.isRunningOnCurrentThread()).isFalse();
    }

    private static Runnable named(String name, Runnable task) {
        return new Runnable() {
            @Override
            public void run() {
                task.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
