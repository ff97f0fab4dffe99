package dev.quicregistry.reconnect;

import dev.quicregistry.api.ConnectionId;
import java.util.Objects;

/** Why waiting for a connection of a {@link Reconnector} failed: it is closed for good. */
public final class ConnectionClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The closed state; transient, as states may hold causes that do not serialize. */
    private final transient ConnectionState.Closed state;

    /** An exception about {@code id}, which closed with {@code state}. */
    public ConnectionClosedException(ConnectionId id, ConnectionState.Closed state) {
        super("connection '" + id + "' is closed (" + state.reason() + "): " + state.detail(), state.cause().orElse(null));
        this.state = Objects.requireNonNull(state, "state must not be null");
    }

    /** The state the reconnector closed with. */
    public ConnectionState.Closed state() {
        return state;
    }
}
