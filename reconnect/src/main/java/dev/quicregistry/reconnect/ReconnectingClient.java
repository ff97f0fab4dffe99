package dev.quicregistry.reconnect;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.support.Arguments;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What every reconnecting client answers the same way, from its {@link Reconnector}: its stable id,
 * its state, its live transport and the stages to wait on. A transport binding extends it with how
 * it connects, sends and closes.
 *
 * @param <T> the transport type, as registered in the connection registry
 */
public abstract class ReconnectingClient<T> implements AutoCloseable {

    private final ConnectionRegistry registry;
    private final Class<T> transportType;

    /** A client whose transports of {@code transportType} are registered in {@code registry}. */
    protected ReconnectingClient(ConnectionRegistry registry, Class<T> transportType) {
        this.registry = Arguments.notNull(registry, "registry");
        this.transportType = Arguments.notNull(transportType, "transportType");
    }

    /** The reconnector that keeps this client's id connected; set once, in the subclass's constructor. */
    protected abstract Reconnector<T> reconnector();

    /** Makes the first connection attempt; idempotent. */
    public final void start() {
        reconnector().start();
    }

    /** The id the transport is registered under, the same across reconnections. */
    public final ConnectionId id() {
        return reconnector().id();
    }

    /** A handle that resolves to the current transport (the lost one while reconnecting). */
    public final ConnectionHandle<T> handle() {
        return registry.handle(id(), transportType);
    }

    /** The state of the connection now. */
    public final ConnectionState state() {
        return reconnector().state();
    }

    /** The live transport while connected; empty otherwise. */
    public final Optional<T> connection() {
        return reconnector().transport();
    }

    /** Calls {@code listener} with every later state; see {@link Reconnector#addStateListener}. */
    public final Registration addStateListener(Consumer<? super ConnectionState> listener) {
        return reconnector().addStateListener(listener);
    }

    /** The transport once connected, now or within {@code timeout}; see {@link Reconnector#awaitConnected}. */
    public final T awaitConnected(Duration timeout) throws TimeoutException, InterruptedException {
        return reconnector().awaitConnected(timeout);
    }

    /** The live transport, or the next; see {@link Reconnector#connected}. */
    public final CompletionStage<T> connected() {
        return reconnector().connected();
    }

    /** Completes with the next transport that connects (not the current one); see {@link Reconnector#nextConnected}. */
    public final CompletionStage<T> nextConnected() {
        return reconnector().nextConnected();
    }

    /** Completes once this client has closed for good, with why. */
    public final CompletionStage<ConnectionState.Closed> closed() {
        return reconnector().closed();
    }

    /** Closes for good; see the transport binding for what that involves. Idempotent. */
    @Override
    public abstract void close();
}
