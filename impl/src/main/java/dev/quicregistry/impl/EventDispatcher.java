package dev.quicregistry.impl;

import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.support.ListenerList;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers a registry's events to its listeners: each writer delivers its own events on its own
 * thread before its call returns, in the order the changes of that key took effect, and never
 * waits for another thread.
 *
 * <p>A change goes: {@link #open} (before the atomic map operation), {@link Publication#add} for
 * each event (inside it), {@link #publish} (after it).
 *
 * <p>Invariants:
 * <ol>
 *   <li>Each key with events not yet delivered has one {@link Lane} in {@code lanes}. Events are
 *       appended to it inside the atomic map operation that made the change (a {@code compute} on
 *       {@code lanes} nested in the registry's own), so a key's events are queued in change order;
 *       a lane is removed only by its owner, inside a {@code compute} that finds it empty, so no
 *       event is ever appended to a lane nobody will deliver.</li>
 *   <li>A lane is delivered by at most one thread at a time, its {@code owner} (taken by CAS): the
 *       writer whose change created the lane, or, where a writer finds the lane owned by another
 *       thread still delivering an earlier change of the same key, that thread, right after its own.
 *       So every listener sees one key's events in order, all listeners the same order, and a thread
 *       never delivers events of a key it did not change.</li>
 *   <li>A change made while this thread notifies listeners (of any registry of the JVM: the marker
 *       is static) is not delivered at once: it is deferred until the current event has reached
 *       every listener, then delivered by this thread, still before the outermost call returns.</li>
 *   <li>The per-thread marker ({@code DELIVERING}) is set only while the outermost delivery of a
 *       thread runs and removed when it ends: nothing of the registry stays on a thread.</li>
 * </ol>
 */
final class EventDispatcher {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    /** The delivery this thread is running now, across every registry; null (no value) otherwise. */
    private static final ThreadLocal<Delivery> DELIVERING = new ThreadLocal<>();

    private final ConcurrentHashMap<Object, Lane> lanes = new ConcurrentHashMap<>();
    private final ListenerList<RegistryListener> listeners = new ListenerList<>();

    /** Subscribes until the returned registration is closed. */
    Registration subscribe(RegistryListener listener) {
        return listeners.add(listener);
    }

    /** Starts a change of {@code key}: call right before the atomic map operation. */
    Publication open(Object key) {
        return new Publication(key);
    }

    /** Delivers the change's events (unless another thread delivering this key does): call right after the map operation. */
    void publish(Publication change) {
        Lane lane = change.lane;
        if (lane == null) {
            return; // the operation changed nothing
        }
        Delivery running = DELIVERING.get();
        if (running != null) {
            running.defer(this, lane);
            return;
        }
        Delivery delivery = new Delivery();
        DELIVERING.set(delivery);
        try {
            drain(lane, delivery);
        } finally {
            DELIVERING.remove();
        }
    }

    /** Whether this thread holds anything of the registries now (for tests of the ThreadLocal rule). */
    static boolean holdsThreadState() {
        return DELIVERING.get() != null;
    }

    /** Delivers {@code lane} if this thread can take it; another owner delivers it otherwise. */
    private void drain(Lane lane, Delivery delivery) {
        Thread me = Thread.currentThread();
        if (!lane.owner.compareAndSet(null, me)) {
            return; // another thread delivers it, or this one does further up its stack, after the current event
        }
        try {
            while (true) {
                for (RegistryEvent event; (event = lane.poll()) != null; ) {
                    notifyListeners(event);
                    delivery.runDeferred();
                }
                if (release(lane)) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            // only a VirtualMachineError gets here (a listener's failure is logged): leave the lane to the next writer
            lane.owner.set(null);
            throw e;
        }
    }

    /** Lets go of {@code lane}: removes it if nothing arrived since the last poll; false if something did. */
    private boolean release(Lane lane) {
        boolean[] released = new boolean[1];
        lanes.compute(lane.key, (key, mapped) -> {
            if (mapped != lane) {
                // removed already (this writer's events were delivered by the owner before it): empty and detached
                lane.owner.set(null);
                released[0] = true;
                return mapped;
            }
            if (lane.isEmpty()) {
                lane.owner.set(null);
                released[0] = true;
                return null;
            }
            return mapped;
        });
        return released[0];
    }

    private void notifyListeners(RegistryEvent event) {
        listeners.forEach(listener -> listener.onEvent(event), (listener, failure) -> LOG.log(Level.WARNING,
                () -> "registry listener " + listener + " threw on " + event
                        + "; the change stays and the other listeners were notified", failure));
    }

    /** The events of one change, appended to its key's lane inside the atomic map operation. */
    final class Publication {
        private final Object key;
        private Lane lane;

        private Publication(Object key) {
            this.key = key;
        }

        /** Adds an event of the change; call inside the atomic map operation. */
        void add(RegistryEvent event) {
            lane = lanes.compute(key, (k, mapped) -> {
                Lane target = mapped != null ? mapped : new Lane(k);
                target.add(event);
                return target;
            });
        }
    }

    /**
     * The events of one key not delivered yet, and the thread delivering them. The queue is touched
     * under the lane's monitor: by appenders (inside the key's {@code compute}) and by the owner;
     * one key rarely has more than one writer, so the monitor is nearly always uncontended.
     */
    private static final class Lane {
        final Object key;
        private final ArrayDeque<RegistryEvent> queue = new ArrayDeque<>(2);
        final AtomicReference<Thread> owner = new AtomicReference<>();

        Lane(Object key) {
            this.key = key;
        }

        synchronized void add(RegistryEvent event) {
            queue.add(event);
        }

        synchronized RegistryEvent poll() {
            return queue.poll();
        }

        synchronized boolean isEmpty() {
            return queue.isEmpty();
        }
    }

    /** One thread's outermost delivery: the lanes that changes made by its listeners filled, delivered after the current event. */
    private static final class Delivery {
        /** Made when a listener first changes a registry: most deliveries defer nothing. */
        private ArrayDeque<Deferred> deferred;

        void defer(EventDispatcher dispatcher, Lane lane) {
            if (deferred == null) {
                deferred = new ArrayDeque<>();
            }
            deferred.add(new Deferred(dispatcher, lane));
        }

        void runDeferred() {
            if (deferred == null) {
                return;
            }
            for (Deferred next; (next = deferred.poll()) != null; ) {
                next.dispatcher.drain(next.lane, this);
            }
        }
    }

    private record Deferred(EventDispatcher dispatcher, Lane lane) {
    }
}
