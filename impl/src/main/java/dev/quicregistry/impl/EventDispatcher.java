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
 *       {@code java.lang.ThreadLocal} with no value, which pins no class loader. It holds a
 *       shared constant until a listener first changes a registry; only then is a queue of
 *       deferred lanes made, and the loop that notifies listeners looks for it after each event.</li>
 * </ol>
 */
final class EventDispatcher {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    /**
     * Null while this thread delivers nothing; {@link #OUTERMOST} while it runs its outermost
     * delivery and no listener has changed a registry; then the {@link Delivery} that queues
     * those changes' lanes.
     */
    private static final ThreadLocal<Object> DELIVERING = new ThreadLocal<>();
    /**
     * The marker of a delivery that deferred nothing, shared by every thread: one long-lived
     * object, so that marking a thread stores no newly allocated object into its (old)
     * {@code ThreadLocal} entry, which under G1 costs a card-marking barrier and a fence per
     * delivery (measured: a third of a {@code replaceTransport}).
     */
    private static final Object OUTERMOST = new Object();

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
        Object running = DELIVERING.get();
        if (running != null) {
            (running instanceof Delivery delivery ? delivery : deferring()).defer(this, lane, first);
            return;
        }
        DELIVERING.set(OUTERMOST);
        try {
            drain(lane, first);
        } catch (RuntimeException | Error e) {
            if (DELIVERING.get() instanceof Delivery delivery) {
                delivery.abandonDeferred();
            }
            throw e;
        } finally {
            DELIVERING.set(null);
        }
    }

    /** Whether this thread holds anything of the registries now (for tests of the ThreadLocal rule). */
    static boolean holdsThreadState() {
        return DELIVERING.get() != null;
    }

    /** The first change a listener makes on this thread: from now on its outermost delivery keeps a queue of deferred lanes. */
    private static Delivery deferring() {
        Delivery delivery = new Delivery();
        DELIVERING.set(delivery);
        return delivery;
    }

    private void drain(Lane lane, RegistryEvent first) {
        try {
            for (RegistryEvent event = first; event != null; event = lane.pollOrRelease()) {
                notifyListeners(event);
                if (DELIVERING.get() instanceof Delivery delivery) {
                    delivery.runDeferred();
                }
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
                next.dispatcher.drain(next.lane, next.first);
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
