package dev.quicregistry.impl;

import dev.quicregistry.api.RegistryEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * The events of one name or id not delivered yet, and the thread that delivers them. Each
 * registry keeps one object per key that is both the key's current value and this lane, so a
 * change, the queueing of its events and the choice of who delivers them take one monitor.
 *
 * <p>Invariants:
 * <ol>
 *   <li>A key's value changes only under its lane's monitor, and each change offers its events
 *       there, so the queue holds a key's events in the order its changes took effect. The queue
 *       ({@code head}, {@code rest}) is changed only under the monitor.</li>
 *   <li>{@code owned} says whether a thread, the owner, delivers the lane now; there is at most
 *       one. A thread becomes the owner only under the monitor: a change made while the lane has
 *       no owner makes its thread the owner and hands it the oldest event; a change made while
 *       another thread owns the lane only queues its events, and that thread delivers them right
 *       after its own (API.md: order per key, and no writer waits). As the owner lets go without
 *       the monitor (3.), a change that offers several events may be handed the lane by a later
 *       offer after an earlier one queued: each offer feeds what it delivers
 *       ({@link #offer(RegistryEvent, RegistryEvent)}).</li>
 *   <li>The owner lets go without the monitor when it finds the queue empty: it clears
 *       {@code owned}, then reads {@code head} again. A change that queues the first event clears
 *       nothing: it writes {@code head}, then reads {@code owned} again. Both are volatile, so at
 *       least one of the two sees the other's write (the store-load order of a volatile write and
 *       a later volatile read): the queuer finds no owner and takes the lane over under the
 *       monitor, or the owner finds the event and takes the lane back under the monitor, or both
 *       and the monitor lets one of them. No event stays queued on a lane nobody will deliver.</li>
 *   <li>So a change with nobody else delivering its key costs one monitor and one volatile write
 *       to let go; the monitor is taken again only when another thread queued meanwhile, or when
 *       the key has lost its value and may leave its registry ({@link #leaveMap()}).</li>
 *   <li>{@code head} holds the oldest queued event and {@code rest} the others, so a key with one
 *       event at a time (nearly every key) allocates no queue; {@code head == null} implies
 *       {@code rest} is empty.</li>
 *   <li>A lane leaves its registry's map once, under the monitor, with no owner, nothing queued
 *       and no value, and is {@code retired} from then on: no change is made to it again.</li>
 * </ol>
 */
abstract class Lane {

    private static final VarHandle OWNED = field(MethodHandles.lookup(), Lane.class, "owned", boolean.class);
    private static final VarHandle HEAD = field(MethodHandles.lookup(), Lane.class, "head", RegistryEvent.class);

    /** A flag, not the owner's Thread: storing a reference into a long-lived lane costs G1 a card barrier and a fence. */
    private volatile boolean owned;
    private volatile RegistryEvent head;
    private ArrayDeque<RegistryEvent> rest;
    /** Set, under the monitor, when the key left its registry's map: the lane and its value are never changed again. */
    private boolean retired;

    /** A lane without owner. */
    Lane() {
    }

    /** A lane the calling thread owns from the start: it publishes the key and delivers its first event. */
    Lane(boolean ownedByCaller) {
        OWNED.setRelease(this, ownedByCaller);
    }

    /**
     * Takes an event of a change; call under this lane's monitor, inside the change. Returns the
     * event this thread must deliver now, having become the owner; null when the event was queued
     * for the owner (another thread, or this one further up its stack or later in the change).
     */
    final RegistryEvent offer(RegistryEvent event) {
        if (!owned && head == null) {
            OWNED.setRelease(this, true); // under the monitor: no fence needed to claim
            return event;
        }
        enqueue(event);
        if (owned) {
            return null; // the owner delivers it: it reads the queue again after it lets go (invariant 3)
        }
        // No owner: one let go between the first read and the queueing, or a VirtualMachineError
        // stopped one and left events behind; the oldest goes first.
        return takeOver();
    }

    /**
     * Takes another event of the same change, which already offered and holds {@code first}
     * (null if it was queued); returns the event this thread must deliver now. Between two offers
     * of one change the owner may let go (it does not take the monitor to), so a later offer can
     * hand this thread the lane even though an earlier one queued.
     */
    final RegistryEvent offer(RegistryEvent first, RegistryEvent next) {
        RegistryEvent handed = offer(next);
        return first != null ? first : handed;
    }

    /**
     * The next event for the owner to deliver; null when none is left, and then the owner has let
     * go. Takes the monitor only when another thread queued an event, or the key may leave its map.
     */
    final RegistryEvent pollOrRelease() {
        if (head != null) {
            synchronized (this) {
                return poll(); // only the owner polls and others only add: not null
            }
        }
        owned = false; // volatile: the read of head below comes after it (invariant 3)
        if (head != null) {
            synchronized (this) {
                if (owned || head == null) {
                    return null; // the queuer took the lane over, and delivers (or delivered) it
                }
                return takeOver();
            }
        }
        if (vacant()) {
            synchronized (this) {
                if (!owned && head == null && !retired && vacant()) {
                    retired = true;
                    leaveMap();
                }
            }
        }
        return null;
    }

    /** Whether the key left its registry's map with this lane; under the monitor. A writer that finds it looks the key up again. */
    final boolean retired() {
        return retired;
    }

    /** The owner stops delivering without draining (a VirtualMachineError): the next change's thread delivers what is left. */
    final synchronized void abandon() {
        owned = false;
    }

    /** Whether the key has no value now (read without the monitor): then it may leave its map once idle. */
    abstract boolean vacant();

    /**
     * Removes the key from its registry's map, compare-and-remove; called once, under the monitor,
     * when the key has no value, the lane no owner and nothing to deliver (nobody will queue to it
     * unseen), just after it was marked retired.
     */
    abstract void leaveMap();

    /** Queues an event; the first one in the queue is a volatile write, which the caller's read of {@code owned} follows (invariant 3). */
    private void enqueue(RegistryEvent event) {
        if (head == null) {
            head = event;
            return;
        }
        if (rest == null) {
            rest = new ArrayDeque<>(2);
        }
        rest.add(event);
    }

    /** Makes this thread the owner and hands it the oldest queued event; under the monitor, with the queue not empty. */
    private RegistryEvent takeOver() {
        OWNED.setRelease(this, true);
        return poll();
    }

    private RegistryEvent poll() {
        RegistryEvent next = head;
        if (next != null) {
            HEAD.setRelease(this, rest == null ? null : rest.poll());
        }
        return next;
    }

    /** The handle of a field of a lane's class, for the stores that need no fence; fails the class's initialisation if missing. */
    static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
