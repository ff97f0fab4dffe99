package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A key's event backlog is bounded (API.md, round 3): a writer that floods one id while another
 * thread delivers it waits for that thread, so the delivering thread's call returns after its own
 * events plus one backlog at most, memory per key is bounded, and every event still arrives once,
 * in order. A thread that is delivering never waits.
 */
class BacklogBoundTest {

    private static final int BOUND = 64;
    private static final ConnectionId ID = ConnectionId.of("flooded");

    @Test
    void anOwnersCallReturnsWithinTwoSecondsWhileAnotherThreadFloodsItsId() throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        registry.register(ID, "initial");
        Gate gate = new Gate();
        List<Object> delivered = new ArrayList<>(); // one delivering thread at a time (the lane's owner)
        AtomicReferenceThread owner = new AtomicReferenceThread();
        registry.addListener(event -> {
            delivered.add(((ConnectionReplaced) event).current());
            if (Thread.currentThread() == owner.thread && delivered.size() == 1) {
                gate.hold();
            }
        });

        AtomicLong ownerReturnedAfterNanos = new AtomicLong(-1);
        AtomicLong releasedAt = new AtomicLong();
        Thread ownerThread = new Thread(() -> {
            registry.replaceTransport(ID, "owner's");
            ownerReturnedAfterNanos.set(System.nanoTime() - releasedAt.get());
        }, "owner");
        owner.thread = ownerThread;
        ownerThread.start();
        gate.awaitHeld();

        AtomicInteger written = new AtomicInteger();
        AtomicInteger largestBacklog = new AtomicInteger();
        AtomicBoolean ownerReturned = new AtomicBoolean();
        long floodDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Thread flooder = new Thread(() -> {
            // Floods until the owner has returned (or 10 s passed), then 1 000 writes more.
            int extra = 0;
            for (int i = 1; extra < 1000 && System.nanoTime() < floodDeadline; i++) {
                registry.replaceTransport(ID, i);
                written.set(i);
                largestBacklog.accumulateAndGet(registry.backlogOf(ID), Math::max);
                if (ownerReturned.get()) {
                    extra++;
                }
            }
        }, "flooder");
        flooder.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> flooder.getState() == Thread.State.WAITING);
        int queuedWhenBlocked = registry.backlogOf(ID);

        releasedAt.set(System.nanoTime());
        gate.open();
        ownerThread.join(TimeUnit.SECONDS.toMillis(12));
        ownerReturned.set(true);
        flooder.join(TimeUnit.SECONDS.toMillis(12));

        assertThat(ownerThread.isAlive()).isFalse();
        assertThat(flooder.isAlive()).isFalse();
        assertThat(Duration.ofNanos(ownerReturnedAfterNanos.get())).isLessThan(Duration.ofSeconds(2));
        // A change is admitted while the largest change (three events) still fits: the flooder's
        // one-event changes stop at bound - 3 + 1 queued.
        assertThat(queuedWhenBlocked).isEqualTo(BOUND - EventCore.MAX_EVENTS_PER_CHANGE + 1);
        assertThat(largestBacklog.get()).isLessThanOrEqualTo(BOUND);
        List<Object> expected = new ArrayList<>();
        expected.add("owner's");
        for (int i = 1; i <= written.get(); i++) {
            expected.add(i);
        }
        assertThat(written.get()).isGreaterThan(1000);
        assertThat(delivered).isEqualTo(expected);
        assertThat(registry.backlogOf(ID)).isZero();
    }

    @Test
    void writersThatWaitForAFullBacklogGoInTheOrderTheyCameAndNoNewcomerPassesThem() throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        registry.register(ID, 0);
        Gate gate = new Gate();
        Gate firstWaiterDelivering = new Gate();
        List<Object> delivered = new CopyOnWriteArrayList<>();
        registry.addListener(event -> {
            Object current = ((ConnectionReplaced) event).current();
            delivered.add(current);
            if (current.equals("owner's")) {
                gate.hold();
            } else if (current.equals("first")) {
                firstWaiterDelivering.hold();
            }
        });
        // the owner writes again the moment its run ends: a newcomer while the four writers wait for their turns
        Thread owner = startHeld(() -> {
            registry.replaceTransport(ID, "owner's");
            registry.replaceTransport(ID, "newcomer");
        }, gate);
        int fill = BOUND - EventCore.MAX_EVENTS_PER_CHANGE + 1;
        for (int i = 1; i <= fill; i++) {
            registry.replaceTransport(ID, i); // the backlog, now full
        }
        List<Thread> waiting = new ArrayList<>();
        for (String writer : List.of("first", "second", "third", "fourth")) {
            Thread thread = new Thread(() -> registry.replaceTransport(ID, writer), writer);
            thread.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.WAITING);
            waiting.add(thread);
        }

        gate.open();
        // the first writer's turn begins a new run, held while it delivers; each later turn is handed on at once
        // (the new run has room), so the other writers' and the newcomer's calls queue behind it and return
        firstWaiterDelivering.awaitHeld();
        for (Thread thread : waiting.subList(1, waiting.size())) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as(thread.getName() + " returned while the first writer delivers").isFalse();
        }
        owner.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(owner.isAlive()).as("the newcomer returned while the first writer delivers").isFalse();
        firstWaiterDelivering.open();
        waiting.get(0).join(TimeUnit.SECONDS.toMillis(10));
        assertThat(waiting.get(0).isAlive()).isFalse();

        assertThat(delivered.subList(1 + fill, delivered.size())).containsExactly("first", "second", "third", "fourth", "newcomer");
    }

    @Test
    void aWaitingWriterThatIsInterruptedKeepsWaitingForTheRunAndReturnsWithItsInterruptFlagSet() throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        registry.register(ID, 0);
        Gate gate = new Gate();
        registry.addListener(event -> {
            if (((ConnectionReplaced) event).current().equals("owner's")) {
                gate.hold();
            }
        });
        Thread owner = startHeld(() -> registry.replaceTransport(ID, "owner's"), gate);
        AtomicBoolean interruptedAfterwards = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        Thread flooder = new Thread(() -> {
            for (int i = 1; i <= BOUND; i++) {
                registry.replaceTransport(ID, i);
                written.set(i);
            }
            interruptedAfterwards.set(Thread.currentThread().isInterrupted());
        }, "flooder");
        flooder.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> flooder.getState() == Thread.State.WAITING);

        flooder.interrupt();
        await().atMost(Duration.ofSeconds(10)).until(() -> flooder.getState() == Thread.State.WAITING);
        assertThat(written.get()).isEqualTo(BOUND - EventCore.MAX_EVENTS_PER_CHANGE + 1);
        gate.open();
        flooder.join(TimeUnit.SECONDS.toMillis(10));
        owner.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(flooder.isAlive()).isFalse();
        assertThat(written.get()).isEqualTo(BOUND);
        assertThat(interruptedAfterwards).isTrue();
    }

    @Test
    void aVirtualMachineErrorInTheOwnersListenerReleasesTheWaitingWriterAndTheNextCallDeliversWhatWasLeft() throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        registry.register(ID, 0);
        Gate gate = new Gate();
        List<Object> delivered = new CopyOnWriteArrayList<>();
        registry.addListener(event -> {
            Object current = ((ConnectionReplaced) event).current();
            delivered.add(current);
            if (current.equals("owner's")) {
                gate.hold();
                throw new StackOverflowError("a VirtualMachineError ends the owner's run");
            }
        });
        CompletableFuture<Void> ownerCall = CompletableFuture.runAsync(() -> registry.replaceTransport(ID, "owner's"));
        gate.awaitHeld();
        Thread flooder = new Thread(() -> {
            for (int i = 1; i <= BOUND; i++) {
                registry.replaceTransport(ID, i);
            }
        }, "flooder");
        flooder.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> flooder.getState() == Thread.State.WAITING);

        gate.open();

        assertThat(ownerCall).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                .isInstanceOf(StackOverflowError.class);
        flooder.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(flooder.isAlive()).isFalse();
        assertThat(delivered).isEqualTo(ownersThenNumbered(BOUND));
    }

    @Test
    void aVirtualMachineErrorWhileARemovalIsDeliveredLeavesNothingOfTheKey() {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        registry.register(ID, 0);
        registry.addListener(event -> {
            throw new StackOverflowError("a VirtualMachineError in the removal's delivery");
        });

        assertThatThrownBy(() -> registry.unregister(ID)).isInstanceOf(StackOverflowError.class);

        assertThat(registry.cellsHeld()).isZero();
        assertThat(registry.transport(ID)).isEmpty();
    }

    @Test
    void aListenerWritingItsOwnIdFarBeyondTheBoundNeverWaitsAndEveryEventArrivesInOrder() {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        registry.register(ID, 0);
        List<Object> delivered = new ArrayList<>();
        registry.addListener(event -> {
            Object current = ((ConnectionReplaced) event).current();
            delivered.add(current);
            if (current.equals(1)) {
                for (int i = 2; i <= 5 * BOUND; i++) {
                    registry.replaceTransport(ID, i); // the owner's own key: deferred, never waits
                }
            }
        });

        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> registry.replaceTransport(ID, 1));

        assertThat(call).succeedsWithin(Duration.ofSeconds(10));
        List<Object> expected = new ArrayList<>();
        for (int i = 1; i <= 5 * BOUND; i++) {
            expected.add(i);
        }
        assertThat(delivered).isEqualTo(expected);
    }

    @ParameterizedTest(name = "interrupted while it waits: {0}")
    @ValueSource(booleans = {false, true})
    void aListenerWritesAnotherIdPastItsBoundWithoutWaitingAndItsThreadWaitsForRoomOnceItsDeliveryIsOver(boolean interrupt)
            throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        ConnectionId other = ConnectionId.of("other");
        registry.register(ID, 0);
        registry.register(other, 0);
        Gate gate = new Gate();
        List<Object> floodedIdEvents = new CopyOnWriteArrayList<>();
        AtomicBoolean listenerDone = new AtomicBoolean();
        registry.addListener(event -> {
            if (event instanceof ConnectionReplaced replaced && replaced.id().equals(ID)) {
                floodedIdEvents.add(replaced.current());
                if (replaced.current().equals("owner's")) {
                    gate.hold();
                }
            } else if (event instanceof ConnectionReplaced replaced && replaced.current().equals("go")) {
                for (int i = 1; i <= 2 * BOUND; i++) {
                    registry.replaceTransport(ID, i); // delivering "other": queued beyond the bound, no wait
                }
                listenerDone.set(true);
            }
        });
        Thread owner = startHeld(() -> registry.replaceTransport(ID, "owner's"), gate);

        AtomicBoolean interruptedAfterwards = new AtomicBoolean();
        Thread delivering = new Thread(() -> {
            registry.replaceTransport(other, "go");
            interruptedAfterwards.set(Thread.currentThread().isInterrupted());
        }, "delivering");
        delivering.start();

        // the listener wrote everything without waiting; then its thread waits for the flooded id's run
        await().atMost(Duration.ofSeconds(10)).until(() -> delivering.getState() == Thread.State.WAITING);
        assertThat(listenerDone).isTrue();
        assertThat(registry.backlogOf(ID)).isEqualTo(2 * BOUND);
        if (interrupt) {
            delivering.interrupt(); // it keeps waiting for room, and keeps the flag for its caller
            await().atMost(Duration.ofSeconds(10)).until(() -> delivering.getState() == Thread.State.WAITING);
            assertThat(registry.backlogOf(ID)).isEqualTo(2 * BOUND);
        }
        gate.open();
        delivering.join(TimeUnit.SECONDS.toMillis(10));
        owner.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(delivering.isAlive()).isFalse();
        assertThat(owner.isAlive()).isFalse();
        assertThat(floodedIdEvents).isEqualTo(ownersThenNumbered(2 * BOUND));
        assertThat(interruptedAfterwards.get()).isEqualTo(interrupt);
    }

    @Test
    void aThreadWhoseListenerFloodsAnotherIdIsSlowedToThatIdsDeliveryAndItsBacklogStaysBounded() throws Exception {
        LocalConnectionRegistry registry = new LocalConnectionRegistry(BOUND);
        ConnectionId source = ConnectionId.of("source");
        registry.register(ID, 0);
        registry.register(source, 0);
        Gate gate = new Gate();
        registry.addListener(event -> {
            ConnectionReplaced replaced = (ConnectionReplaced) event;
            if (replaced.id().equals(source)) {
                registry.replaceTransport(ID, "mirrored " + replaced.current()); // one write of the flooded id per event
            } else if (replaced.current().equals("owner's")) {
                gate.hold();
            }
        });
        Thread owner = startHeld(() -> registry.replaceTransport(ID, "owner's"), gate);
        AtomicInteger largestBacklog = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        Thread flooder = new Thread(() -> {
            for (int i = 1; i <= 10 * BOUND; i++) {
                registry.replaceTransport(source, i);
                written.set(i);
                largestBacklog.accumulateAndGet(registry.backlogOf(ID), Math::max);
            }
        }, "flooder");
        flooder.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> flooder.getState() == Thread.State.WAITING);
        assertThat(written.get()).isLessThan(BOUND);
        assertThat(registry.backlogOf(ID)).isLessThanOrEqualTo(BOUND);
        gate.open();
        flooder.join(TimeUnit.SECONDS.toMillis(20));
        owner.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(flooder.isAlive()).isFalse();
        assertThat(written.get()).isEqualTo(10 * BOUND);
        assertThat(largestBacklog.get()).isLessThanOrEqualTo(BOUND);
    }

    @Test
    void aTerminationRemovesItsServersEntryWithoutWaitingForAFullBacklog() throws Exception {
        LocalQuicServerRegistry registry = new LocalQuicServerRegistry(Clock.systemUTC(), BOUND);
        TestServer server = TestServer.named("dying");
        registry.register("api", server, 1, Map.of());
        Gate gate = new Gate();
        registry.addListener(event -> {
            if (event instanceof ServerPortResolved resolved && resolved.port() == 2) {
                gate.hold(); // a listener that waits, say, for the server's termination
            }
        });
        Thread owner = startHeld(() -> registry.updatePort("api", 2), gate);
        for (int port = 3; port < 3 + BOUND - EventCore.MAX_EVENTS_PER_CHANGE + 1; port++) {
            registry.updatePort("api", port); // the backlog, now full
        }

        CompletableFuture<Void> termination = CompletableFuture.runAsync(server::terminate);

        assertThat(termination).succeedsWithin(Duration.ofSeconds(10));
        assertThat(registry.lookup("api")).isEmpty();
        gate.open();
        owner.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(owner.isAlive()).isFalse();
    }

    @Test
    void aServerRegistryWithABoundOfOneStillDeliversEveryEventOnce() {
        LocalQuicServerRegistry registry = new LocalQuicServerRegistry(Clock.systemUTC(), 1);
        List<RegistryEvent> events = new ArrayList<>();
        registry.addListener(events::add);
        registry.register("api", TestServer.bound(4433), 0, Map.of());
        registry.unregister("api");
        assertThat(events).hasSize(2);
        assertThat(registry.slotsHeld()).isZero();
    }

    @Test
    void aBoundBelowOneIsRefusedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LocalConnectionRegistry(0))
                .withMessage("backlogBound=0 is not valid: expected at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new LocalQuicServerRegistry(Clock.systemUTC(), -1))
                .withMessage("backlogBound=-1 is not valid: expected at least 1");
    }

    /** The owner's event, then the numbers 1 to {@code last}: what a flood of numbered writes behind the owner delivers. */
    private static List<Object> ownersThenNumbered(int last) {
        List<Object> expected = new ArrayList<>(List.of("owner's"));
        for (int i = 1; i <= last; i++) {
            expected.add(i);
        }
        return expected;
    }

    /** Starts {@code call} on a thread of its own and returns once a listener holds that thread at {@code gate}. */
    private static Thread startHeld(Runnable call, Gate gate) throws InterruptedException {
        Thread owner = new Thread(call, "owner");
        owner.start();
        gate.awaitHeld();
        return owner;
    }

    /** Holds the thread delivering a key inside a listener until the test opens it: the key's owner, blocked mid-run. */
    private static final class Gate {
        private final CountDownLatch inside = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        /** Called by the listener: holds its thread until {@link #open}. */
        void hold() {
            inside.countDown();
            awaitUninterruptibly(release);
        }

        void awaitHeld() throws InterruptedException {
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void open() {
            release.countDown();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The owner thread, known to the listener before it runs. */
    private static final class AtomicReferenceThread {
        volatile Thread thread;
    }
}
