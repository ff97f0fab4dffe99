package dev.quicregistry.impl;

import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.support.DrainLoop;
import dev.quicregistry.api.support.ListenerList;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Delivers a registry's events to its listeners in the order the changes took effect, without
 * ever making a writer wait for another thread.
 *
 * <p>A change goes: {@link #open} (before the atomic map operation), {@link Publication#add} for
 * each event (inside it), {@link #publish} (after it).
 *
 * <p>Invariants:
 * <ol>
 *   <li>Events of one key are added in change order: they are added inside the atomic map
 *       operation ({@code compute}) that made the change, so the map's per-key atomicity orders them.</li>
 *   <li>Keys are spread over a fixed set of stripes; a stripe is delivered by at most one thread at
 *       a time, the owner of its {@link DrainLoop}, so every listener sees one
 *       key's events in order, and all listeners see the same order.</li>
 *   <li>A change whose thread holds the flag and finds the stripe's queue empty inside its
 *       {@code compute} keeps its events aside and delivers them before the queue: nothing of its
 *       key can have been queued before them. Otherwise events go through the queue.</li>
 *   <li>A thread inside a notification never delivers: it queues, notes the stripe, and its
 *       outermost delivery drains it once the current event has reached every listener.</li>
 * </ol>
 * Uncontended, an event is delivered on the changing thread before its call returns. Where another
 * thread is delivering the same stripe at that moment, that thread delivers it (nobody blocks, so a
 * listener that waits for a server's close, whose termination is reported from another thread,
 * cannot deadlock).
 */
final class EventDispatcher {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    private static final int STRIPES = 32;
    /** What this thread is delivering now; one small object per thread, shared by all dispatchers. */
    private static final ThreadLocal<DeliveryContext> CONTEXT = ThreadLocal.withInitial(DeliveryContext::new);

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final ListenerList<RegistryListener> listeners = new ListenerList<>();

    EventDispatcher() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Subscribes until the returned registration is closed. */
    Registration subscribe(RegistryListener listener) {
        return listeners.add(listener);
    }

    /** Starts a change of {@code key}: call right before the atomic map operation. */
    Publication open(Object key) {
        Stripe stripe = stripeOf(key);
        DeliveryContext context = CONTEXT.get();
        boolean holder = context.active != this && stripe.loop.tryOwn();
        return new Publication(stripe, holder, context);
    }

    /** Delivers the change's events (and what else is queued on its stripe): call right after the map operation. */
    void publish(Publication change) {
        Stripe stripe = change.stripe;
        DeliveryContext context = change.context;
        if (!change.holder && context.active == this) {
            context.defer(stripe);
            return;
        }
        // A listener of another registry may change this one: keep that delivery's state aside.
        EventDispatcher outer = context.active;
        ArrayDeque<Stripe> outerPending = context.pending;
        context.active = this;
        context.pending = null;
        try {
            if (change.holder) {
                stripe.loop.runOwned(() -> {
                    change.deliverKeptAside();
                    deliverQueued(stripe);
                });
            } else {
                stripe.deliver();
            }
            for (Stripe next; (next = context.nextPending()) != null; ) {
                next.deliver();
            }
        } finally {
            context.active = outer;
            context.pending = outerPending;
        }
    }

    private void deliverQueued(Stripe stripe) {
        for (RegistryEvent event; (event = stripe.queue.poll()) != null; ) {
            notifyListeners(event);
        }
    }

    private void notifyListeners(RegistryEvent event) {
        listeners.forEach(listener -> listener.onEvent(event), (listener, failure) -> LOG.log(Level.WARNING,
                () -> "registry listener " + listener + " threw on " + event
                        + "; the change stays and the other listeners were notified", failure));
    }

    private Stripe stripeOf(Object key) {
        int h = key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /**
     * The events of one change, collected inside its atomic map operation. While the changing
     * thread holds the stripe and nothing is queued there, up to two events (a replacement makes
     * two) are kept aside for direct delivery; any other event goes through the stripe's queue.
     */
    final class Publication {
        private final Stripe stripe;
        private final boolean holder;
        /** The changing thread's context: open and publish run on the same thread. */
        private final DeliveryContext context;
        private RegistryEvent first;
        private RegistryEvent second;
        private boolean queued;

        private Publication(Stripe stripe, boolean holder, DeliveryContext context) {
            this.stripe = stripe;
            this.holder = holder;
            this.context = context;
        }

        /** Adds an event of the change; call inside the atomic map operation. */
        void add(RegistryEvent event) {
            if (holder && !queued && stripe.queue.isEmpty()) {
                if (first == null) {
                    first = event;
                    return;
                }
                if (second == null) {
                    second = event;
                    return;
                }
            }
            queued = true;
            stripe.queue.add(event);
        }

        private void deliverKeptAside() {
            if (first != null) {
                notifyListeners(first);
            }
            if (second != null) {
                notifyListeners(second);
            }
        }
    }

    /** One delivery lane: the events of the keys hashed to it, and who delivers them now. */
    private final class Stripe {
        final Queue<RegistryEvent> queue = new ConcurrentLinkedQueue<>();
        final DrainLoop loop = new DrainLoop(() -> deliverQueued(this));

        /** Delivers what is queued here, unless another thread is delivering this stripe (it then delivers it). */
        void deliver() {
            if (!queue.isEmpty()) {
                loop.request();
            }
        }
    }

    /**
     * The dispatcher this thread delivers for now (null: none) and the stripes that changes made
     * by its listeners touched, drained once the current event has reached every listener.
     */
    private static final class DeliveryContext {
        EventDispatcher active;
        ArrayDeque<Stripe> pending;

        void defer(Stripe stripe) {
            if (pending == null) {
                pending = new ArrayDeque<>();
            }
            pending.add(stripe);
        }

        Stripe nextPending() {
            return pending == null ? null : pending.poll();
        }
    }
}
