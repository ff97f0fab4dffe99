package dev.quicregistry.impl;

import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.support.Arguments;
import dev.quicregistry.api.support.ListenerList;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The one mechanism behind both registries: for each key (a server name, a connection id) its
 * current value, the events of its changes not delivered yet, and the thread that delivers them;
 * and the listeners. Every delivery rule of the registries ("Events" in docs/api.md) is kept in
 * this file, and nowhere else.
 *
 * <p>Invariants (each rule of the contract, and where it is kept):
 * <ol>
 *   <li><b>One value per key, read without a lock.</b> A key maps to at most one {@link Slot};
 *       its value changes only in {@link #change}, under the slot's monitor, and is read with one
 *       volatile read. A slot whose value is null means "absent" to readers.</li>
 *   <li><b>Change order.</b> A change emits its events under the same monitor, into the slot's
 *       queue ({@link Slot#emit}), so the queue holds one key's events in the order its changes
 *       took effect, and is changed only under the monitor.</li>
 *   <li><b>One owner delivers.</b> A slot has at most one owner, the thread that delivers its
 *       queue now. A change that emits while the slot has no owner makes its thread the owner
 *       (under the monitor); the owner delivers the queue in order and lets go under the monitor
 *       when it finds it empty ({@link Slot#next}). So every listener sees one key's events in
 *       change order, and all listeners see the same order.</li>
 *   <li><b>The writer's thread.</b> A change made while nobody owns its slot is delivered by its
 *       writer before the writer's call returns. A change made while another thread owns the slot
 *       is queued, and that owner delivers it right after its own (order per key wins). A thread
 *       only ever owns slots of keys it changed, so it never runs listeners for another key's
 *       writer.</li>
 *   <li><b>Nested changes.</b> A change made by a thread that is delivering (to any registry of
 *       the JVM: {@link #DELIVERING} is static) is not delivered at once: it is deferred until the
 *       current event has reached every listener, then delivered by this thread, still before its
 *       outermost call returns ({@link Deferrals}).</li>
 *   <li><b>Bounded backlog.</b> An owner's run accepts at most {@code backlogBound} events of
 *       other changes: a writer that would take it past that bound waits, before it changes
 *       anything, until the run ends ({@link Slot#admit}); then it changes the key, and either
 *       owns the slot itself or queues into a new run. So a call delivers its own events plus at
 *       most one full backlog, whatever others' write rate, and a key never holds more than
 *       {@code backlogBound} queued events from such writers. A thread that is delivering never
 *       waits (it might wait for a thread that waits for it): its changes are queued beyond the
 *       bound, and are at most what one notification writes.</li>
 *   <li><b>Listener failures.</b> A listener that throws is logged at WARNING and changes nothing:
 *       the change stays and the other listeners get the event. A {@link VirtualMachineError}
 *       ends the run: its owner lets go ({@link Slot#abandon}), and the next change of the key
 *       makes its writer the owner, which delivers what was left first.</li>
 *   <li><b>Leaving the map.</b> A slot leaves the map once, under its monitor, when it has no
 *       value, no owner and nothing queued; it is retired from then on and never changed again (a
 *       writer that finds a retired slot looks the key up again). So nothing of a removed key is
 *       kept, and a live slot is always the one the map holds.</li>
 *   <li><b>Nothing per thread outlives a delivery.</b> {@link #DELIVERING} holds a value only
 *       while a thread's outermost delivery runs, and is set back to null when it ends.</li>
 *   <li>No listener runs under a monitor, and no thread holds two slots' monitors at once.</li>
 * </ol>
 *
 * @param <K> the key: a server name or a connection id
 * @param <V> the value a key holds
 */
final class EventCore<K, V> {

    /** The backlog bound of a registry constructed without one. */
    static final int DEFAULT_BACKLOG_BOUND = 1024;
    /** The most events one change emits (a replacement of a server that had terminated: three). */
    static final int MAX_EVENTS_PER_CHANGE = 3;

    private static final System.Logger LOG = System.getLogger(EventCore.class.getName());
    /**
     * Null while this thread delivers nothing; {@link #OUTERMOST} while it runs its outermost
     * delivery and no listener has changed a registry; then the {@link Deferrals} that hold those
     * changes.
     */
    private static final ThreadLocal<Object> DELIVERING = new ThreadLocal<>();
    /**
     * The marker of a delivery that deferred nothing, shared by every thread: storing a long-lived
     * object into the thread's (old) {@code ThreadLocal} entry costs no card-marking barrier under
     * G1 (measured: a third of a {@code replaceTransport} otherwise).
     */
    private static final Object OUTERMOST = new Object();

    private final ConcurrentHashMap<K, Slot<K, V>> slots = new ConcurrentHashMap<>();
    private final ListenerList<RegistryListener> listeners = new ListenerList<>();
    private final int backlogBound;

    /** A core whose keys each queue at most {@code backlogBound} events of others' changes. */
    EventCore(int backlogBound) {
        this.backlogBound = (int) Arguments.atLeast(backlogBound, 1, "backlogBound");
    }

    /** One change of one key: given its value now (null: absent), emits the change's events and returns the value to hold. */
    @FunctionalInterface
    interface Change<V> {
        /** Runs under the key's monitor: it must not call listeners, servers or anything that may block. */
        V apply(V current, Events events);
    }

    /** Where a change emits its events, in the order they happened. */
    interface Events {
        /** Emits one event of the change being applied; at most {@link #MAX_EVENTS_PER_CHANGE} per change. */
        void emit(RegistryEvent event);
    }

    /** The value {@code key} holds now; null where none. Takes no lock. */
    V get(K key) {
        return valueOf(slots.get(key));
    }

    /** The slot of {@code key} now, for a handle that follows it; null where none. */
    Slot<K, V> find(K key) {
        return slots.get(key);
    }

    /** The value a slot found earlier holds now; null where none or once retired. */
    static <V> V valueOf(Slot<?, V> slot) {
        return slot == null ? null : slot.value;
    }

    /** Calls {@code action} with each key that holds a value now, and that value. */
    void forEach(BiConsumer<? super K, ? super V> action) {
        slots.forEach((key, slot) -> {
            V value = slot.value;
            if (value != null) {
                action.accept(key, value);
            }
        });
    }

    /** How many keys have a slot now: those holding a value and those whose events are being delivered. */
    int slotsHeld() {
        return slots.size();
    }

    /** How many events {@code key} has queued now, not yet delivered (for tests of invariant 6). */
    int backlog(K key) {
        Slot<K, V> slot = slots.get(key);
        return slot == null ? 0 : slot.queued();
    }

    /** Subscribes until the returned registration is closed. */
    Registration subscribe(RegistryListener listener) {
        return listeners.add(listener);
    }

    /**
     * Applies {@code change} to {@code key} atomically, then delivers its events as the class
     * invariants say, before returning. Where the key has no slot, a slot is made only if
     * {@code create}; otherwise nothing is applied.
     *
     * @return the value the change was applied to (null: the key held none, or was not applied)
     */
    V change(K key, boolean create, Change<V> change) {
        while (true) {
            Slot<K, V> slot = create ? slotOf(key) : slots.get(key);
            if (slot == null) {
                return null;
            }
            V before;
            RegistryEvent first;
            synchronized (slot) {
                if (!slot.admit()) {
                    continue; // retired: the key left the map, look it up again
                }
                before = slot.value;
                boolean wasOwned = slot.owned;
                slot.show(change.apply(before, slot));
                first = slot.handOver(wasOwned);
            }
            if (first != null) {
                deliver(slot, first);
            }
            return before;
        }
    }

    private Slot<K, V> slotOf(K key) {
        Slot<K, V> slot = slots.get(key);
        if (slot != null) {
            return slot;
        }
        Slot<K, V> fresh = new Slot<>(this, key);
        Slot<K, V> raced = slots.putIfAbsent(key, fresh);
        return raced != null ? raced : fresh;
    }

    /** Delivers {@code first}, which made this thread the slot's owner, and what the slot queues meanwhile (invariants 3-5). */
    private static void deliver(Slot<?, ?> slot, RegistryEvent first) {
        Object running = DELIVERING.get();
        if (running != null) {
            (running instanceof Deferrals deferrals ? deferrals : deferring()).add(slot, first);
            return;
        }
        DELIVERING.set(OUTERMOST);
        try {
            drain(slot, first);
        } catch (RuntimeException | Error e) {
            if (DELIVERING.get() instanceof Deferrals deferrals) {
                deferrals.abandonAll();
            }
            throw e;
        } finally {
            DELIVERING.set(null);
        }
    }

    /** The first change a listener makes on this thread: from now on its outermost delivery keeps deferrals. */
    private static Deferrals deferring() {
        Deferrals deferrals = new Deferrals();
        DELIVERING.set(deferrals);
        return deferrals;
    }

    private static void drain(Slot<?, ?> slot, RegistryEvent first) {
        try {
            for (RegistryEvent event = first; event != null; event = slot.next()) {
                slot.core.notifyListeners(event);
                if (DELIVERING.get() instanceof Deferrals deferrals) {
                    deferrals.runAll();
                }
            }
        } catch (RuntimeException | Error e) {
            slot.abandon(); // only a VirtualMachineError gets here: a listener's failure is logged
            throw e;
        }
    }

    private void notifyListeners(RegistryEvent event) {
        listeners.forEach(listener -> listener.onEvent(event), (listener, failure) -> LOG.log(Level.WARNING,
                () -> "registry listener " + listener + " threw on " + event
                        + "; the change stays and the other listeners were notified", failure));
    }

    /** Whether this thread holds anything of the registries now (for tests of invariant 9). */
    static boolean holdsThreadState() {
        return DELIVERING.get() != null;
    }

    /**
     * One key's place: its value, the queue of its events not delivered yet, and whether a thread
     * owns (delivers) it. Every field but {@code value} is read and written under the monitor only.
     */
    static final class Slot<K, V> implements Events {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Slot.class, "value", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final EventCore<K, V> core;
        private final K key;
        private volatile V value;
        /** The oldest queued event; null when nothing is queued (then {@code rest} is empty). */
        private RegistryEvent head;
        /** The other queued events; made when a second one queues, so a key with one event at a time allocates none. */
        private ArrayDeque<RegistryEvent> rest;
        /** Events of others' changes queued during the current run (invariant 6). */
        private int accepted;
        private boolean owned;
        /** Whether a writer waits for the run to end. */
        private boolean waiting;
        private boolean retired;

        private Slot(EventCore<K, V> core, K key) {
            this.core = core;
            this.key = key;
        }

        /**
         * Under the monitor, before a change: waits while the current run's backlog is full and this
         * thread may wait (invariant 6); whether the slot can be changed (false: retired).
         */
        private boolean admit() {
            boolean interrupted = false;
            while (owned && !retired && accepted + MAX_EVENTS_PER_CHANGE > core.backlogBound && DELIVERING.get() == null) {
                waiting = true;
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the run ends in bounded time: finish waiting, keep the flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return !retired;
        }

        @Override
        public void emit(RegistryEvent event) {
            if (head == null) {
                head = event; // then rest is empty: a queue's oldest event is always the head
            } else {
                if (rest == null) {
                    rest = new ArrayDeque<>(2);
                }
                rest.add(event);
            }
            if (owned) {
                accepted++;
            } else {
                owned = true; // a new run: this change's thread delivers it
                accepted = 0;
            }
        }

        /** Stores the value a change left; under the monitor. A release store: the monitor orders one key's stores, readers see each whole. */
        private void show(V shown) {
            VALUE.setRelease(this, shown);
        }

        /**
         * Under the monitor, after a change: the event its thread delivers first where the change
         * made it the owner (a new run: the oldest queued event); null where another thread owns
         * the slot or nothing was emitted, and then a slot left with nothing may leave the map.
         */
        private RegistryEvent handOver(boolean wasOwned) {
            if (owned && !wasOwned) {
                return poll();
            }
            retireIfIdle();
            return null;
        }

        /** The owner's next event; null when none is left, and then it has let go (invariant 3). */
        private synchronized RegistryEvent next() {
            RegistryEvent event = poll();
            if (event == null) {
                owned = false;
                if (waiting) {
                    waiting = false;
                    notifyAll(); // the run ended: waiting writers may change the key now
                }
                retireIfIdle();
            }
            return event;
        }

        /** The owner stops without draining (a VirtualMachineError): the next writer delivers what is left. */
        private synchronized void abandon() {
            owned = false;
            if (waiting) {
                waiting = false;
                notifyAll();
            }
        }

        private synchronized int queued() {
            return (head == null ? 0 : 1) + (rest == null ? 0 : rest.size());
        }

        private RegistryEvent poll() {
            RegistryEvent event = head;
            if (event != null) {
                head = rest == null ? null : rest.poll();
            }
            return event;
        }

        /** Leaves the map, compare-and-remove, when nothing holds the slot any more (invariant 8). */
        private void retireIfIdle() {
            if (!owned && head == null && value == null && !retired) {
                retired = true;
                core.slots.remove(key, this);
            }
        }
    }

    /** A thread's outermost delivery's deferred changes: the slots its listeners' changes made it own, delivered after the current event. */
    private static final class Deferrals {
        private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();

        void add(Slot<?, ?> slot, RegistryEvent first) {
            deferred.add(new Deferred(slot, first));
        }

        void runAll() {
            for (Deferred next; (next = deferred.poll()) != null; ) {
                drain(next.slot, next.first);
            }
        }

        /** After a VirtualMachineError: this thread owns the deferred slots, so it lets go of them. */
        void abandonAll() {
            for (Deferred next; (next = deferred.poll()) != null; ) {
                next.slot.abandon();
            }
        }
    }

    private record Deferred(Slot<?, ?> slot, RegistryEvent first) {
    }
}
