package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The two ways a reconnector waits: a scheduler over the caller's executor, and a daemon thread of its own. */
class SchedulersTest {

    @Test
    void aSchedulerOverTheCallersExecutorRunsTasksThereAndCancelsThemWithoutShuttingItDown() throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            Scheduler scheduler = Scheduler.of(executor);
            CompletableFuture<Thread> ran = new CompletableFuture<>();
            scheduler.schedule(Duration.ofMillis(1), () -> ran.complete(Thread.currentThread()));
            Scheduler.Scheduled cancelled = scheduler.schedule(Duration.ofHours(1), () -> ran.complete(null));

            cancelled.cancel();
            cancelled.cancel();

            assertThat(ran.get(5, TimeUnit.SECONDS)).isNotEqualTo(Thread.currentThread());
            assertThat(executor.getQueue()).isEmpty();
            assertThat(executor.isShutdown()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aDaemonSchedulerKnowsItsOwnThreadByIdentityNotByName() throws Exception {
        DaemonScheduler scheduler = new DaemonScheduler("same-name");
        DaemonScheduler namesake = new DaemonScheduler("same-name");
        try {
            CompletableFuture<Boolean[]> seen = new CompletableFuture<>();
            scheduler.execute(() -> seen.complete(new Boolean[] {scheduler.isCurrentThread(), namesake.isCurrentThread()}));

            assertThat(seen.get(5, TimeUnit.SECONDS)).containsExactly(true, false);
            assertThat(scheduler.isCurrentThread()).isFalse();
        } finally {
            scheduler.close();
            namesake.close();
        }
    }

    @Test
    void aDaemonSchedulerStoppedFromItsOwnThreadDoesNotWaitForItself() throws Exception {
        DaemonScheduler scheduler = new DaemonScheduler("stops-itself");
        CompletableFuture<Boolean> stoppedInside = new CompletableFuture<>();
        scheduler.execute(() -> stoppedInside.complete(scheduler.shutdown(Duration.ofSeconds(5))));

        assertThat(stoppedInside.get(5, TimeUnit.SECONDS)).as("cannot have ended while running this task").isFalse();
        assertThat(scheduler.awaitStopped(Duration.ofSeconds(5))).isTrue();
    }
}
