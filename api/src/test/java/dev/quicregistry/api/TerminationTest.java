package dev.quicregistry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TerminationTest {

    @Test
    void completesOnceAndReportsWhetherThisCallDidIt() {
        Termination termination = new Termination();
        assertThat(termination.isDone()).isFalse();
        assertThat(termination.complete()).isTrue();
        assertThat(termination.complete()).isFalse();
        assertThat(termination.fail(new RuntimeException())).isFalse();
        assertThat(termination.isDone()).isTrue();
    }

    @Test
    void aFailureReachesTheStage() {
        Termination termination = new Termination();
        RuntimeException cause = new RuntimeException("died");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        termination.stage().whenComplete((v, t) -> seen.set(t));

        assertThat(termination.fail(cause)).isTrue();
        assertThat(termination.fail(new RuntimeException("again"))).isFalse();
        assertThat(termination.complete()).isFalse();

        // as for any dependent stage, the failure arrives wrapped in a CompletionException
        assertThat(seen.get()).isInstanceOf(CompletionException.class).hasCause(cause);
    }

    @Test
    void holdersOfTheStageCannotCompleteIt() {
        Termination termination = new Termination();
        termination.stage().toCompletableFuture().complete(null);
        assertThat(termination.isDone()).isFalse();
        assertThat(termination.stage().toCompletableFuture()).isNotDone();
    }

    @Test
    void holdersCannotCompleteItThroughTheFutureTheyMayCastItTo() {
        Termination termination = new Termination();
        java.util.concurrent.CompletableFuture<?> cast = (java.util.concurrent.CompletableFuture<?>) termination.stage();
        assertThatThrownBy(() -> cast.complete(null)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("a server's termination is completed by the server only");
        assertThatThrownBy(() -> cast.completeExceptionally(new RuntimeException())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cast.cancel(true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cast.obtrudeException(new RuntimeException())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cast.orTimeout(1, TimeUnit.MILLISECONDS)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cast.completeAsync(() -> null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(termination.isDone()).isFalse();
    }

    @Test
    void anActionAttachedThroughWhenSettledRunsBeforeEveryDependentAttachedLater() {
        Termination termination = new Termination();
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        termination.stage().whenComplete((v, t) -> order.add("attached first"));
        Termination.whenSettled(termination.stage(), (v, t) -> order.add("registry"));
        termination.stage().whenComplete((v, t) -> order.add("attached last"));

        termination.complete();

        assertThat(order).startsWith("registry").containsExactlyInAnyOrder("registry", "attached first", "attached last");
    }

    @Test
    void aFirstActionThatLooksAtTheTerminationFindsItDoneWithItsOutcome() {
        Termination termination = new Termination();
        RuntimeException cause = new RuntimeException("died");
        AtomicReference<java.util.concurrent.CompletableFuture<Void>> seen = new AtomicReference<>();
        AtomicBoolean doneSeen = new AtomicBoolean();
        Termination.whenSettled(termination.stage(), (v, t) -> {
            seen.set(termination.stage().toCompletableFuture());
            doneSeen.set(termination.isDone());
        });

        termination.fail(cause);

        assertThat(doneSeen).isTrue();
        assertThat(seen.get()).isCompletedExceptionally();
        assertThatThrownBy(() -> seen.get().join()).isInstanceOf(CompletionException.class).hasCause(cause);
        Termination normal = new Termination();
        AtomicReference<java.util.concurrent.CompletableFuture<Void>> seenNormal = new AtomicReference<>();
        Termination.whenSettled(normal.stage(), (v, t) -> seenNormal.set(normal.stage().toCompletableFuture()));
        normal.complete();
        assertThat(seenNormal.get()).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void whenSettledSeesTheFailureAsEveryDependentDoesAndAThrowingActionStopsNothing() {
        Termination termination = new Termination();
        RuntimeException cause = new RuntimeException("died");
        AtomicReference<Throwable> seenFirst = new AtomicReference<>();
        AtomicReference<Throwable> seenLater = new AtomicReference<>();
        IllegalStateException thrown = new IllegalStateException("an action that throws");
        Termination.whenSettled(termination.stage(), (v, t) -> {
            throw thrown;
        });
        Termination.whenSettled(termination.stage(), (v, t) -> seenFirst.set(t));
        termination.stage().whenComplete((v, t) -> seenLater.set(t));
        java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(Termination.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            termination.fail(cause);
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(logged).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(record.getThrown()).isSameAs(thrown);
        });

        assertThat(seenFirst.get()).isInstanceOf(CompletionException.class).hasCause(cause);
        assertThat(seenLater.get()).isInstanceOf(CompletionException.class).hasCause(cause);
        assertThat(termination.stage().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void aVirtualMachineErrorInAnActionStillCompletesTheStageAndLaterActionsRunAtOnce() {
        Termination termination = new Termination();
        AtomicBoolean second = new AtomicBoolean();
        Termination.whenSettled(termination.stage(), (v, t) -> {
            throw new StackOverflowError("an action's VirtualMachineError");
        });
        Termination.whenSettled(termination.stage(), (v, t) -> second.set(true));

        assertThatThrownBy(termination::complete).isInstanceOf(StackOverflowError.class);

        assertThat(second).as("the error ends the settling's loop").isFalse();
        assertThat(termination.stage().toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
        AtomicBoolean later = new AtomicBoolean();
        Termination.whenSettled(termination.stage(), (v, t) -> later.set(true));
        assertThat(later).isTrue();

        Termination failed = new Termination();
        Termination.whenSettled(failed.stage(), (v, t) -> {
            throw new StackOverflowError("again");
        });
        assertThatThrownBy(() -> failed.fail(new IllegalStateException("died"))).isInstanceOf(StackOverflowError.class);
        assertThat(failed.stage().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void whenSettledAfterTheEndRunsAtOnceAndOnAForeignStageAsWhenComplete() {
        Termination termination = new Termination();
        termination.complete();
        AtomicBoolean ran = new AtomicBoolean();
        Termination.whenSettled(termination.stage(), (v, t) -> ran.set(true));
        assertThat(ran).isTrue();

        java.util.concurrent.CompletableFuture<Void> foreign = new java.util.concurrent.CompletableFuture<>();
        AtomicBoolean ranOnForeign = new AtomicBoolean();
        Termination.whenSettled(foreign, (v, t) -> ranOnForeign.set(true));
        assertThat(ranOnForeign).isFalse();
        foreign.complete(null);
        assertThat(ranOnForeign).isTrue();
        assertThatThrownBy(() -> Termination.whenSettled(null, (v, t) -> { })).isInstanceOf(NullPointerException.class)
                .hasMessage("termination must not be null");
        assertThatThrownBy(() -> Termination.whenSettled(foreign, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("action must not be null");
    }

    @Test
    void awaitSettledReturnsOnlyAfterTheCompletingThreadRanTheDependents() throws Exception {
        Termination termination = new Termination();
        CountDownLatch dependentStarted = new CountDownLatch(1);
        CountDownLatch releaseDependent = new CountDownLatch(1);
        AtomicBoolean dependentFinished = new AtomicBoolean();
        termination.stage().whenComplete((v, t) -> {
            dependentStarted.countDown();
            await(releaseDependent);
            dependentFinished.set(true);
        });
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            loop.execute(termination::complete);
            assertThat(dependentStarted.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(termination.isDone()).isTrue();
            assertThat(termination.awaitSettled(Duration.ofMillis(50))).isFalse();
            releaseDependent.countDown();
            assertThat(termination.awaitSettled(Duration.ofSeconds(10))).isTrue();
            assertThat(dependentFinished).isTrue();
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void aDependentThatWaitsForTheSettlingIsToldAtOnceInsteadOfWaitingForItsOwnCaller() throws Exception {
        Termination termination = new Termination();
        AtomicBoolean settlingSeenInside = new AtomicBoolean();
        AtomicReference<Boolean> awaited = new AtomicReference<>();
        termination.stage().whenComplete((v, t) -> {
            settlingSeenInside.set(termination.isSettlingOnThisThread());
            try {
                awaited.set(termination.awaitSettled(Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        long start = System.nanoTime();
        termination.complete();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(settlingSeenInside).isTrue();
        assertThat(awaited.get()).isFalse();
        assertThat(termination.isSettlingOnThisThread()).isFalse();
        assertThat(termination.awaitSettled(Duration.ZERO)).isTrue();
    }

    @Test
    void failRefusesANullCause() {
        assertThatThrownBy(() -> new Termination().fail(null)).isInstanceOf(NullPointerException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
