package dev.quicregistry.impl;

import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.ListenerList;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The one mechanism behind both registries: for each key (a server name, a connection id) its
 * current value, the events of its changes not delivered yet, and the thread that delivers them;
 * and the listeners. Every delivery rule of the registries (README.md, "How the registries
 * behave") is kept in this file, and nowhere else.
 *
 * <p>Invariants (each rule of the contract, and where it is kept):
 * <ol>
 *   <li><b>One value per key, read without a lock.</b> A key maps to at most one {@link Slot};
 *       its value changes only in {@link #change}, under the slot's monitor, and is read with one
 *       volatile read (the registries read the map themselves, {@link #slotsToRead}, and never
 *       write it). A slot whose value is null means "absent" to readers. A slot may also keep
 *       something a reader derived from some value of its key ({@link #derivedOf}): a cache that
 *       readers write without a lock, and that a reader uses only where it agrees with what it
 *       derives from the value it read itself ({@code LocalQuicServerRegistry#port}); never state.</li>
 *   <li><b>Change order.</b> A change emits its events under the same monitor, into the slot's
 *       queue ({@link Slot#emit}), so the queue holds one key's events in the order its changes
 *       took effect, and is changed only under the monitor. One event skips the queue: the first of
 *       a run that a change begins while nothing is queued stays with that change
 *       ({@link Emission}), whose thread delivers it before anything queued after it.</li>
 *   <li><b>One owner delivers.</b> A slot has at most one owner, the thread that delivers its
 *       queue now. A change that emits while the slot has no owner makes its thread the owner
 *       (under the monitor); the owner delivers the queue in order and lets go when it finds it
 *       empty ({@link Slot#next}: one volatile store, no monitor; the protocol is at the top of
 *       {@link Slot}). So every listener sees one key's events in
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
 *       other changes (a run is one owner's delivery, from the change that made it owner until it
 *       lets go; taking the slot back at the let-go continues the same run). A writer that would
 *       take the run past that bound waits, before it changes anything, until the run ends
 *       ({@link Slot#admit}); waiting writers take turns in the order they came, and while any
 *       waits no newcomer passes them. So a call delivers its own events plus at most one full
 *       backlog, and a waiting writer goes after the writers that were waiting before it, whatever
 *       others' write rate; a key never holds more than {@code backlogBound} queued events from
 *       such writers. Two kinds of writer never wait: a thread that is delivering (it might wait
 *       for a thread that waits for it: its changes are queued beyond the bound, and once its
 *       outermost delivery is over, before its call returns, it waits until each key it pushed
 *       past the bound has room, so a listener that floods a key slows its own thread as a direct
 *       writer is slowed), and a termination removing its server's entries ({@link Write#SETTLE}: a
 *       listener may be waiting for that termination).</li>
 *   <li><b>A value leaves after the next is shown.</b> The core tells the registry that a value
 *       stopped being its key's ({@link Departure}) under the monitor after the store, so a
 *       registry's bookkeeping of where a value is (a server's termination watch) never runs ahead
 *       of what readers see.</li>
 *   <li><b>Listener failures.</b> A listener that throws is logged at WARNING and changes nothing:
 *       the change stays and the other listeners get the event (a listener or event whose
 *       {@code toString()} throws is logged by class and identity). A {@link VirtualMachineError}
 *       thrown by a listener ends the run: its owner lets go ({@link Slot#abandon}), and the next
 *       change of the key makes its writer the owner, which delivers what was left first. One
 *       thrown while a change is applied (in the registry's {@link Change} or {@link Departure}),
 *       between a change and the start of its delivery, or while a writer waits for its
 *       turn (a stack overflow right there), leaves the slot marked owned with nobody delivering
 *       it, or a turn nobody takes: the JVM is not expected to go on after that.</li>
 *   <li><b>Leaving the map.</b> A slot leaves the map once, under its monitor, when it has no
 *       value, no owner and nothing queued; it is retired from then on and never changed again (a
 *       writer that finds a retired slot looks the key up again). So nothing of a removed key is
 *       kept, and a live slot is always the one the map holds.</li>
 *   <li><b>Nothing per thread outlives a delivery.</b> {@link #DELIVERING} holds a value only
 *       while a thread's outermost delivery runs, and is set back to null when it ends.</li>
 *   <li>No listener runs under a monitor, and no thread holds two slots' monitors at once. What
 *       does run under a monitor ({@link Change}, {@link Departure}) is the registries' own code:
 *       it calls no listener, server or other user code.</li>
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
    /** Told, under the key's monitor and after the store, when a value stops being the key's; null: nobody. */
    private final Departure<K, V> departure;

    /**
     * A core whose keys each queue at most {@code backlogBound} events of others' changes, telling
     * {@code departure} (may be null) when a value stops being its key's.
     */
    EventCore(int backlogBound, Departure<K, V> departure) {
        this.backlogBound = (int) Arguments.atLeast(backlogBound, 1, "backlogBound");
        this.departure = departure;
    }

    /** How a change may take its key's slot. */
    enum Write {
        /** Makes the slot where the key has none; waits where the backlog is full (invariant 6). */
        CREATE,
        /** Changes an existing key only; waits where the backlog is full. */
        UPDATE,
        /**
         * Changes an existing key only, and never waits: a server's termination removing its
         * entries, which must not wait for a listener that may be waiting for that termination.
         */
        SETTLE
    }

    /** Told when a value stops being its key's, after the key shows the next one. */
    @FunctionalInterface
    interface Departure<K, V> {
        /** Runs under the key's monitor, once the key shows {@code after} (null: none) instead of {@code before}. */
        void left(K key, V before, V after);
    }

    /**
     * One change of one key: given its value now (null: absent) and the change's argument, emits
     * the change's events and returns the value to hold. The registries pass non-capturing lambdas
     * and an argument, so a change allocates no closure (measured: a capturing one is not
     * eliminated, and adds a fifth to a {@code replaceTransport}).
     */
    @FunctionalInterface
    interface Change<K, V, A> {
        /** Runs under the key's monitor: it must not call listeners, servers or anything that may block. */
        V apply(K key, V current, A argument, Events events);
    }

    /** Where a change emits its events, in the order they happened. */
    interface Events {
        /** Emits one event of the change being applied; at most {@link #MAX_EVENTS_PER_CHANGE} per change. */
        void emit(RegistryEvent event);
    }

    /**
     * The map of keys to slots, for the registry's reads only: a registry that keeps it in a field of
     * its own reads a key with one dependent load fewer than through the core (measured: {@code lookup}
     * of 10 names 0.77x the map's speed through the core, 1.02x this way; docs/testing.md). Every write
     * is the core's.
     */
    ConcurrentHashMap<K, Slot<K, V>> slotsToRead() {
        return slots;
    }

    /** The value a slot found in the map holds now; null where none or once retired. Takes no lock. */
    static <V> V valueOf(Slot<?, V> slot) {
        return slot == null ? null : slot.value;
    }

    /**
     * What a reader derived from some value of the slot's key (the server registry: a port as an
     * {@code OptionalInt}); null where nothing yet. A cache, not state (invariant 1): readers store
     * it through a data race, so it holds only objects of JDK classes whose fields are all final
     * (safe to publish so, and holding nothing of an application's classes), and a reader uses it
     * only where it agrees with the value the reader read.
     */
    static Object derivedOf(Slot<?, ?> slot) {
        return slot.derived;
    }

    /** Keeps {@code derived}, made by a reader from the value it read, for the next reader ({@link #derivedOf}). */
    static void remember(Slot<?, ?> slot, Object derived) {
        slot.derived = derived;
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
        return listeners.add(listener)::run;
    }

    /**
     * Applies {@code change} to {@code key} (with {@code argument}) atomically, then delivers its
     * events as the class invariants say, before returning. Where the key has no slot, a slot is
     * made only for {@link Write#CREATE}; otherwise nothing is applied.
     *
     * @return the value the change was applied to (null: the key held none, or was not applied)
     */
    <A> V change(K key, Write write, A argument, Change<K, V, A> change) {
        while (true) {
            Slot<K, V> slot = write == Write.CREATE ? slotOf(key) : slots.get(key);
            if (slot == null) {
                return null;
            }
            V before;
            RegistryEvent first;
            synchronized (slot) {
                // A slot that never queued others' events has no turns and no backlog to wait for:
                // only whether it retired is asked (admit stays off the path of one writer per key).
                if (slot.backlog == null ? slot.retired : !slot.admit(write)) {
                    continue; // retired: the key left the map, look it up again
                }
                before = slot.value;
                Emission emission = new Emission(slot);
                V after = change.apply(key, before, argument, emission);
                slot.show(after);
                if (before != null && before != after && departure != null) {
                    departure.left(key, before, after); // after the store: whoever reads the key sees the new value first
                }
                first = emission.began ? slot.takeBegun(emission) : slot.handOver();
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
        Deferrals ended;
        try {
            ended = drain(slot, first);
        } catch (RuntimeException | Error e) {
            if (DELIVERING.get() instanceof Deferrals deferrals) {
                deferrals.abandonAll();
            }
            throw e;
        } finally {
            DELIVERING.set(null);
        }
        if (ended != null) {
            ended.awaitRoomWherePushedPastTheBound(); // delivering nothing now: it may wait (invariant 6)
        }
    }

    /** The first change a listener makes on this thread: from now on its outermost delivery keeps deferrals. */
    private static Deferrals deferring() {
        Deferrals deferrals = new Deferrals();
        DELIVERING.set(deferrals);
        return deferrals;
    }

    /**
     * Delivers the slot's run; returns this thread's deferrals where its listeners made any (they
     * are made while a listener runs, so the check after each event sees the last one).
     */
    private static Deferrals drain(Slot<?, ?> slot, RegistryEvent first) {
        try {
            Deferrals made = null;
            for (RegistryEvent event = first; event != null; event = slot.next()) {
                slot.core.notifyListeners(event);
                if (DELIVERING.get() instanceof Deferrals deferrals) {
                    made = deferrals;
                    deferrals.runAll();
                }
            }
            return made;
        } catch (RuntimeException | Error e) {
            slot.abandon(); // only a VirtualMachineError gets here: a listener's failure is logged
            throw e;
        }
    }

    private void notifyListeners(RegistryEvent event) {
        listeners.forEach(listener -> listener.onEvent(event), (listener, failure) -> LOG.log(Level.WARNING,
                () -> "registry listener " + describe(listener) + " threw on " + describe(event)
                        + "; the change stays and the other listeners were notified", failure));
    }

    /** {@code value}'s text for a log line; its class and identity where its {@code toString()} throws (it is user code). */
    private static String describe(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return value.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(value))
                    + " (its toString() threw " + e + ")";
        }
    }

    /**
     * Whether this thread holds anything of the registries now: it is delivering events (a
     * listener runs on it), so a change it makes now is deferred until that delivery ends. For
     * tests of invariant 9, and for a caller that must not have its events deferred.
     */
    static boolean holdsThreadState() {
        return DELIVERING.get() != null;
    }

    /**
     * One key's place: its value, the queue of its events not delivered yet, and whether a thread
     * owns (delivers) it. Everything is written under the monitor, but for two stores: the owner
     * lets go of an empty queue without it (invariant 3 below), and readers keep what they derived
     * ({@code derived}: invariant 1 of {@link EventCore}).
     *
     * <p>The let-go, kept here because a paired benchmark showed a second monitor per write
     * doubling a {@code replaceTransport} (docs/testing.md): the owner clears {@code owned}, then
     * reads {@code head} and {@code waiting}; a writer that queues behind an owner writes
     * {@code head}, then reads {@code owned}; a writer that waits writes {@code waiting}, then
     * reads {@code owned}. All three are volatile, so of two such threads at least one sees the
     * other's write (a volatile store, then a volatile load): the writer finds no owner and takes
     * the slot over under the monitor, or the owner finds the event (or the waiter) and takes the
     * slot back (or wakes it) under the monitor. No event stays queued with nobody to deliver it,
     * and no writer waits for a run that has ended.
     */
    static final class Slot<K, V> {
        private static final VarHandle VALUE;
        private static final VarHandle HEAD;
        private static final VarHandle OWNED;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                VALUE = lookup.findVarHandle(Slot.class, "value", Object.class);
                HEAD = lookup.findVarHandle(Slot.class, "head", RegistryEvent.class);
                OWNED = lookup.findVarHandle(Slot.class, "owned", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final EventCore<K, V> core;
        private final K key;
        private volatile V value;
        /** A reader's cache ({@link EventCore#derivedOf}): written without the monitor, by readers. */
        private Object derived;
        /** The oldest queued event; null when nothing is queued (then the backlog's other events are none). */
        private volatile RegistryEvent head;
        /** Made when another thread's change first queues behind the owner: a key written by one thread at a time allocates none. */
        private Backlog backlog;
        /** A flag, not the owner's Thread: storing a reference into a long-lived slot costs G1 a card barrier. */
        private volatile boolean owned;
        /** Whether a writer waits (for the run to end, or for its turn). */
        private volatile boolean waiting;
        private boolean retired;

        private Slot(EventCore<K, V> core, K key) {
            this.core = core;
            this.key = key;
        }

        /**
         * Under the monitor, before a change: where this thread may wait (it delivers nothing) and
         * the current run's backlog is full, or other writers wait already, takes the next turn and
         * waits for it and for room (invariant 6): waiting writers go in the order they came, and
         * no newcomer passes them. Returns whether the slot can be changed (false: retired).
         */
        private boolean admit(Write write) {
            if (retired) {
                return false;
            }
            Backlog waits = backlog; // not null: only a slot that queued others' events is asked (change)
            boolean others = waits.issued != waits.served;
            if (!(others || full()) || write == Write.SETTLE) {
                return true;
            }
            Object delivering = DELIVERING.get();
            if (delivering != null) {
                // It must not wait now (it may be what others wait for): it waits once its outermost delivery is over.
                if (full()) {
                    (delivering instanceof Deferrals deferrals ? deferrals : deferring()).pushedPastTheBound(this);
                }
                return true;
            }
            int turn = waits.issued++;
            boolean interrupted = false;
            while (!retired && (turn != waits.served || full())) {
                waiting = true; // volatile, then owned is read again (in full()): the owner that lets go sees it, or this sees the let-go
                if (turn == waits.served && !full()) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the run ends in bounded time: finish waiting, keep the flag
                }
            }
            waits.served++;
            if (waits.issued != waits.served) {
                notifyAll(); // the next turn may go now, if there is room
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return !retired;
        }

        /** Waits, outside any delivery, until the current run has room (or has ended, or the slot retired). */
        private synchronized void awaitRoom() {
            boolean interrupted = false;
            while (!retired && full()) {
                waiting = true; // volatile, then owned is read again (in full()): as in admit
                if (!full()) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether another change of the current run could take the backlog past its bound; under the monitor. */
        private boolean full() {
            Backlog run = backlog;
            return owned && run != null && run.accepted + MAX_EVENTS_PER_CHANGE > core.backlogBound;
        }

        /** Under the monitor: where {@code event}, emitted by {@code emission}'s change, goes (invariants 2 and 3). */
        private void emit(Emission emission, RegistryEvent event) {
            if (!owned) {
                // A new run, this change's thread its owner. Nobody reads head without the monitor
                // now but an owner that let go, and it takes the monitor before it uses what it read.
                OWNED.setRelease(this, true);
                if (backlog != null) {
                    backlog.accepted = 0;
                }
                emission.began = true;
                if (head == null) {
                    emission.first = event; // delivered by this change's thread, first: it never enters the queue
                    return;
                }
            } else if (!emission.began) {
                backlogOf().accepted++;
                if (head == null) {
                    head = event; // volatile, then owned is read again (handOver): the owner may be letting go
                    return;
                }
            }
            if (head == null) {
                HEAD.set(this, event); // this change's own run: no fence needed
            } else {
                backlogOf().add(event); // then head is not null: an owner letting go sees it (a queue's oldest event is always the head)
            }
        }

        private Backlog backlogOf() {
            if (backlog == null) {
                backlog = new Backlog();
            }
            return backlog;
        }

        /** Stores the value a change left; under the monitor. A release store: the monitor orders one key's stores, readers see each whole. */
        private void show(V shown) {
            VALUE.setRelease(this, shown);
        }

        /** Under the monitor, after a change that began a run: the first event its thread delivers (the oldest). */
        private RegistryEvent takeBegun(Emission emission) {
            return emission.first != null ? emission.first : poll();
        }

        /**
         * Under the monitor, after a change that began no run: the event its thread delivers first
         * where the owner let go after this change queued (the oldest event first); null where
         * another thread owns the slot or nothing is queued, and then a slot left with nothing may
         * leave the map.
         */
        private RegistryEvent handOver() {
            if (!owned && head != null) {
                OWNED.setRelease(this, true); // owned is read after head was written: the owner let go after this change queued
                if (backlog != null) {
                    backlog.accepted = 0;
                }
                return poll();
            }
            retireIfIdle();
            return null;
        }

        /** The owner's next event; null when none is left, and then it has let go (invariant 3). */
        private RegistryEvent next() {
            if (head != null) {
                synchronized (this) {
                    return poll(); // only the owner polls, others only add: not null
                }
            }
            owned = false; // volatile: head and waiting are read after it (see the class comment)
            if (head != null) {
                synchronized (this) {
                    if (owned || head == null) {
                        return null; // a writer took the slot over: it delivers (or delivered) the event
                    }
                    OWNED.setRelease(this, true); // the same run goes on: its count of accepted events stays
                    return poll();
                }
            }
            if (waiting || value == null) {
                synchronized (this) {
                    wakeWaiters();
                    retireIfIdle();
                }
            }
            return null;
        }

        /** The owner stops without draining (a VirtualMachineError): the next writer delivers what is left. */
        private synchronized void abandon() {
            owned = false;
            wakeWaiters();
            retireIfIdle();
        }

        /** Under the monitor, once the run has ended: writers waiting for it may change the key now. */
        private void wakeWaiters() {
            if (waiting && !owned) {
                waiting = false;
                notifyAll();
            }
        }

        private synchronized int queued() {
            return (head == null ? 0 : 1) + (backlog == null ? 0 : backlog.size());
        }

        /** The oldest queued event, taken off the queue; under the monitor. */
        private RegistryEvent poll() {
            RegistryEvent event = head;
            if (event != null) {
                HEAD.setRelease(this, backlog == null ? null : backlog.poll());
            }
            return event;
        }

        /** Leaves the map, compare-and-remove, when nothing holds the slot any more (invariant 8); under the monitor. */
        private void retireIfIdle() {
            if (!owned && head == null && value == null && !retired) {
                retired = true;
                core.slots.remove(key, this);
                if (waiting) {
                    waiting = false;
                    notifyAll(); // waiting writers look the key up again
                }
            }
        }
    }

    /**
     * One change's place to emit: the first event of a run the change begins stays here, not in its
     * slot, and the change's thread delivers it; every other event goes to the slot's queue. Used
     * under the monitor only. (A young event stored into a long-lived slot costs G1's card-marking
     * barrier on every write: measured, a tenth of a {@code replaceTransport}. This object is not
     * allocated where C2 inlines the change into {@link EventCore#change}, one kind of change dominating;
     * elsewhere it is one short-lived allocation per change, docs/testing.md.)
     */
    private static final class Emission implements Events {
        private final Slot<?, ?> slot;
        /** Whether this change began a run: its thread owns the slot and delivers. */
        private boolean began;
        /** The run's first event where the queue was empty when this change began it; else null. */
        private RegistryEvent first;

        Emission(Slot<?, ?> slot) {
            this.slot = slot;
        }

        @Override
        public void emit(RegistryEvent event) {
            slot.emit(this, event);
        }
    }

    /**
     * What a key keeps once several threads write it: the queued events after the head, the count
     * of other changes' events the current run accepted, and the turns of waiting writers (issued
     * and served, in order). Read and written under the slot's monitor only.
     */
    private static final class Backlog {
        private ArrayDeque<RegistryEvent> rest;
        private int accepted;
        private int issued;
        private int served;

        void add(RegistryEvent event) {
            if (rest == null) {
                rest = new ArrayDeque<>(4);
            }
            rest.add(event);
        }

        RegistryEvent poll() {
            return rest == null ? null : rest.poll();
        }

        int size() {
            return rest == null ? 0 : rest.size();
        }
    }

    /** A thread's outermost delivery's deferred changes: the slots its listeners' changes made it own, delivered after the current event. */
    private static final class Deferrals {
        private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
        /** The slots this thread's listeners pushed past their bound (they could not wait then); made on the first. */
        private ArrayDeque<Slot<?, ?>> pushed;

        /** Notes a slot whose run this thread's listeners took past its bound. */
        void pushedPastTheBound(Slot<?, ?> slot) {
            if (pushed == null) {
                pushed = new ArrayDeque<>(2);
            }
            if (pushed.peekLast() != slot) {
                pushed.add(slot); // a listener writing one key again and again notes it once
            }
        }

        /**
         * Once the outermost delivery is over: waits until each slot this thread's listeners pushed
         * past its bound has room again, so a thread whose listeners flood a key is slowed to that
         * key's delivery, as a writer that floods it directly is.
         */
        void awaitRoomWherePushedPastTheBound() {
            if (pushed != null) {
                for (Slot<?, ?> slot; (slot = pushed.poll()) != null; ) {
                    slot.awaitRoom();
                }
            }
        }

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
