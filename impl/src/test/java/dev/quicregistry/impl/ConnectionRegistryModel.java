package dev.quicregistry.impl;

import java.util.Objects;

/**
 * API.md's rules for one connection id, written out plainly and independently of the registry: the
 * sequential specification Lincheck checks {@link LocalConnectionRegistry}'s concurrent histories
 * against. A transport is its index (0..2); -1 reads as "none".
 */
public final class ConnectionRegistryModel {

    /** The transport registered now, or null. */
    private Integer transport;

    /** Registers, or replaces the transport: afterwards the id has this one. */
    public void register(int transport) {
        this.transport = transport;
    }

    /** Idempotent. */
    public void unregister() {
        transport = null;
    }

    /** Removes the id only while it has this transport; whether it did. */
    public boolean unregisterOwned(int transport) {
        if (this.transport == null || this.transport != transport) {
            return false;
        }
        this.transport = null;
        return true;
    }

    /** False where the id is not registered; the same transport again is true and changes nothing. */
    public boolean replaceTransport(int transport) {
        if (this.transport == null) {
            return false;
        }
        this.transport = transport;
        return true;
    }

    public int transport() {
        return transport == null ? -1 : transport;
    }

    /** A handle always reads the id's transport now. */
    public int current() {
        return transport();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionRegistryModel model && Objects.equals(transport, model.transport);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(transport);
    }
}
