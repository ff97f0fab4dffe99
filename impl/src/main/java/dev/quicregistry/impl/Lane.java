package dev.quicregistry.impl;

import dev.quicregistry.api.RegistryEvent;
import java.util.ArrayDeque;

/**
 * The events of one name or id not delivered yet, and the thread that delivers them. Each
 * registry keeps one object per key that is both the key's current value and this lane, so a
 * change, the queueing of its events and the choice of who delivers them take one monitor.
 *
 * <p>Invariants (everything under the lane's own monitor):
 * <ol>
 *   <li>A key's value changes only under its lane's monitor, and each change offers its events
 *       there, so the queue holds a key's events in the order its changes took effect.</li>
 *   <li>{@code owner} is the one thread delivering the lane, or null. A change made while the
 *       lane has no owner makes its thread the owner and hands it the oldest event; a change
 *       made while another thread owns the lane only queues its events, and that thread
 *       delivers them right after its own (API.md: order per key, and no writer waits).</li>
 *   <li>The owner lets go only in {@link #pollOrRelease()} finding the queue empty, in the same
 *       critical section, so no event is ever queued on a lane nobody will deliver.</li>
 *   <li>{@code head} holds the oldest queued event and {@code rest} the others, so a key with one
 *       event at a time (nearly every key) allocates no queue; {@code head == null} implies
 *       {@code rest} is empty.</li>
 * </ol>
 */
abstract class Lane {

    private Thread owner;
    private RegistryEvent head;
    private ArrayDeque<RegistryEvent> rest;

    /** A lane without owner. */
    Lane() {
    }

    /** A lane the calling thread owns from the start: it publishes the key and delivers its first event. */
    Lane(Thread owner) {
        this.owner = owner;
    }

    /**
     * Takes an event of a change; call under this lane's monitor, inside the change. Returns the
     * event this thread must deliver now, having become the owner; null when the event was queued
     * for the owner (another thread, or this one further up its stack or later in the change).
     */
    final RegistryEvent offer(RegistryEvent event) {
        if (owner != null) {
            enqueue(event);
            return null;
        }
        owner = Thread.currentThread();
        if (head == null) {
            return event;
        }
        enqueue(event); // left by an owner that a VirtualMachineError stopped: the oldest goes first
        return poll();
    }

    /** The next event for the owner to deliver; null when none is left, and then the owner has let go. */
    final synchronized RegistryEvent pollOrRelease() {
        RegistryEvent next = poll();
        if (next == null) {
            owner = null;
            idle();
        }
        return next;
    }

    /** The owner stops delivering without draining (a VirtualMachineError): the next change's thread delivers what is left. */
    final synchronized void abandon() {
        owner = null;
    }

    /**
     * Called under the monitor when the owner has let go with nothing left to deliver: a key
     * without a value can leave its registry's map now (nobody will queue to it unseen).
     */
    abstract void idle();

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

    private RegistryEvent poll() {
        RegistryEvent next = head;
        if (next != null) {
            head = rest == null ? null : rest.poll();
        }
        return next;
    }
}
