package dev.quicregistry.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void aDaemonSchedulerRunsEveryTaskOnOneDaemonThreadOfTheGivenName() throws Exception {
        DaemonScheduler scheduler = new DaemonScheduler("named-daemon");
        try {
            CompletableFuture<Thread> executed = new CompletableFuture<>();
            CompletableFuture<Thread> scheduled = new CompletableFuture<>();
            scheduler.execute(() -> executed.complete(Thread.currentThread()));
            scheduler.schedule(Duration.ofMillis(1), () -> scheduled.complete(Thread.currentThread()));

            Thread thread = executed.get(5, TimeUnit.SECONDS);
            assertThat(thread.getName()).isEqualTo("named-daemon");
            assertThat(thread.isDaemon()).as("never keeps the JVM alive").isTrue();
            assertThat(scheduled.get(5, TimeUnit.SECONDS)).isSameAs(thread);
        } finally {
            scheduler.close();
        }
    }

    @Test
    void aCancelledTaskOfADaemonSchedulerNeverRuns() throws Exception {
        DaemonScheduler scheduler = new DaemonScheduler("cancels");
        try {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            scheduler.execute(() -> {
                busy.countDown();
                BlockingStateListener.awaitQuietly(release);
            });
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            AtomicBoolean cancelledRan = new AtomicBoolean();
            CountDownLatch laterRan = new CountDownLatch(1);
            Scheduler.Scheduled cancelled = scheduler.schedule(Duration.ZERO, () -> cancelledRan.set(true));
            scheduler.schedule(Duration.ofMillis(1), laterRan::countDown);

            cancelled.cancel(); // while the thread is busy: the task is due, and waiting
            cancelled.cancel();
            release.countDown();

            assertThat(laterRan.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelledRan).as("due before the task that ran").isFalse();
        } finally {
            scheduler.close();
        }
    }

    @Test
    void shuttingADaemonSchedulerDownDropsTheTasksStillWaitingAndReturnsTrueOnceItsThreadEnded() throws Exception {
        DaemonScheduler scheduler = new DaemonScheduler("drops-waiting");
        AtomicBoolean ran = new AtomicBoolean();
        scheduler.schedule(Duration.ofHours(1), () -> ran.set(true));

        assertThat(scheduler.shutdown(Duration.ofSeconds(2))).as("the thread ended without waiting an hour").isTrue();
        assertThat(ran).isFalse();
        assertThatThrownBy(() -> scheduler.execute(() -> ran.set(true))).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void shuttingDownADaemonSchedulerThatNeverRanATaskReturnsTrueAtOnce() {
        DaemonScheduler unused = new DaemonScheduler("unused");

        assertThat(unused.shutdown(Duration.ZERO)).isTrue();
    }

    @Test
    void awaitStoppedIsFalseWhileATaskIsStillRunningAndTrueOnceTheThreadEnded() throws Exception {
        DaemonScheduler scheduler = new DaemonScheduler("busy");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.execute(() -> {
            running.countDown();
            BlockingStateListener.awaitQuietly(release);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            scheduler.stop();

            assertThat(scheduler.awaitStopped(Duration.ofMillis(20))).as("a running task is never interrupted").isFalse();
        } finally {
            release.countDown();
        }
        assertThat(scheduler.awaitStopped(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void anInterruptedWaitForADaemonSchedulerToStopReturnsFalseAndKeepsTheInterrupt() throws Exception {
        DaemonScheduler scheduler = new DaemonScheduler("busy-while-interrupted");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.execute(() -> {
            running.countDown();
            BlockingStateListener.awaitQuietly(release);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        boolean stopped;
        boolean stillInterrupted;
        try {
            Thread.currentThread().interrupt();
            stopped = scheduler.shutdown(Duration.ofSeconds(5));
        } finally {
            stillInterrupted = Thread.interrupted();
            release.countDown();
        }

        assertThat(stopped).isFalse();
        assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
        assertThat(scheduler.awaitStopped(Duration.ofSeconds(5))).isTrue();
    }
}
