package dev.quicregistry.impl;

import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.support.ListenerList;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * Delivers a registry's events to its listeners: each writer delivers its own events on its own
 * thread before its call returns, in the order the changes of that key took effect, and never
 * waits for another thread. Which thread delivers a key's events is decided by the key's
 * {@link Lane}; this class runs the delivery.
 *
 * <p>Invariants:
 * <ol>
 *   <li>A thread delivers a lane only while it is the lane's owner, so it never delivers events
 *       of a key it did not change, and every listener sees one key's events in one order.</li>
 *   <li>A change made while this thread notifies listeners (of any registry of the JVM: the marker
 *       is static) is not delivered at once: it is deferred until the current event has reached
 *       every listener, then delivered by this thread, still before the outermost call returns.
 *       A change of the key being delivered needs no deferral: its lane's owner is this thread,
 *       so the event is queued behind the current one.</li>
 *   <li>The per-thread marker ({@code DELIVERING}) holds a value only while the outermost delivery
 *       of a thread runs, and is set back to null when it ends (not removed: removing and setting
 *       again would allocate a map entry per delivery). What stays is the entry of a
 *       {@code java.lang.ThreadLocal} with no value, which pins no class loader.</li>
 * </ol>
 */
final class EventDispatcher {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    /** The delivery this thread is running now, across every registry; null otherwise. */
    private static final ThreadLocal<Delivery> DELIVERING = new ThreadLocal<>();

    private final ListenerList<RegistryListener> listeners = new ListenerList<>();

    /** Subscribes until the returned registration is closed. */
    Registration subscribe(RegistryListener listener) {
        return listeners.add(listener);
    }

    /**
     * Delivers {@code first}, which {@link Lane#offer} handed this thread, and whatever the lane
     * queues meanwhile; call right after the change's critical section, holding no lock.
     */
    void deliver(Lane lane, RegistryEvent first) {
        Delivery running = DELIVERING.get();
        if (running != null) {
            running.defer(this, lane, first);
            return;
        }
        Delivery delivery = new Delivery();
        DELIVERING.set(delivery);
        try {
            drain(lane, first, delivery);
        } catch (RuntimeException | Error e) {
            delivery.abandonDeferred();
            throw e;
        } finally {
            DELIVERING.set(null);
        }
    }

    /** Whether this thread holds anything of the registries now (for tests of the ThreadLocal rule). */
    static boolean holdsThreadState() {
        return DELIVERING.get() != null;
    }

    private void drain(Lane lane, RegistryEvent first, Delivery delivery) {
        try {
            for (RegistryEvent event = first; event != null; event = lane.pollOrRelease()) {
                notifyListeners(event);
                delivery.runDeferred();
            }
        } catch (RuntimeException | Error e) {
            // only a VirtualMachineError gets here (a listener's failure is logged): leave the rest to the next writer
            lane.abandon();
            throw e;
        }
    }

    private void notifyListeners(RegistryEvent event) {
        listeners.forEach(listener -> listener.onEvent(event), (listener, failure) -> LOG.log(Level.WARNING,
                () -> "registry listener " + listener + " threw on " + event
                        + "; the change stays and the other listeners were notified", failure));
    }

    /** One thread's outermost delivery: the lanes that changes made by its listeners filled, delivered after the current event. */
    private static final class Delivery {
        /** Made when a listener first changes a registry: most deliveries defer nothing. */
        private ArrayDeque<Deferred> deferred;

        void defer(EventDispatcher dispatcher, Lane lane, RegistryEvent first) {
            if (deferred == null) {
                deferred = new ArrayDeque<>();
            }
            deferred.add(new Deferred(dispatcher, lane, first));
        }

        void runDeferred() {
            if (deferred == null) {
                return;
            }
            for (Deferred next; (next = deferred.poll()) != null; ) {
                next.dispatcher.drain(next.lane, next.first, this);
            }
        }

        /** After a VirtualMachineError: this thread owns the deferred lanes, so it lets go of them. */
        void abandonDeferred() {
            if (deferred == null) {
                return;
            }
            for (Deferred next; (next = deferred.poll()) != null; ) {
                next.lane.abandon();
            }
        }
    }

    private record Deferred(EventDispatcher dispatcher, Lane lane, RegistryEvent first) {
    }
}
