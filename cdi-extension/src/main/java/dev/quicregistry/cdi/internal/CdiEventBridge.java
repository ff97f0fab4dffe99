package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.cdi.NamedQuicServerLiteral;
import jakarta.enterprise.inject.spi.BeanContainer;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Passes every registry event, and every event of the cluster directory, on to the container's observers: synchronously to {@code @Observes}
 * methods, on the thread that made the change, and asynchronously to {@code @ObservesAsync} ones.
 * Server and directory events carry the qualifier {@code @NamedQuicServer(name)}.
 *
 * <p>Sync observers are resolved and notified one by one rather than through
 * {@code Event.fire()}, because {@code fire()} stops at the first observer that throws and hands
 * the exception to the caller: here an observer that throws is logged, every other observer still
 * gets the event, and the thread that changed the registry (a reconnect, a shutdown) carries on.
 */
public final class CdiEventBridge implements RegistryListener, DirectoryListener {

    private static final System.Logger LOG = System.getLogger(CdiEventBridge.class.getName());
    private static final Annotation[] NO_QUALIFIERS = {};

    private final BeanContainer beans;

    /** Passes events on to the observers {@code beans} (a {@code BeanManager}, or CDI Lite's container) knows. */
    public CdiEventBridge(BeanContainer beans) {
        this.beans = Objects.requireNonNull(beans, "beans must not be null");
    }

    @Override
    public void onEvent(RegistryEvent event) {
        fire(event, serverName(event).map(name -> new Annotation[] {NamedQuicServerLiteral.of(name)}).orElse(NO_QUALIFIERS));
    }

    /** A directory event, qualified {@code @NamedQuicServer(name)} with its endpoint's name. */
    @Override
    public void onEvent(DirectoryEvent event) {
        fire(event, new Annotation[] {NamedQuicServerLiteral.of(event.endpoint().name())});
    }

    private <T> void fire(T event, Annotation[] qualifiers) {
        List<ObserverMethod<? super T>> observers = new ArrayList<>(beans.resolveObserverMethods(event, qualifiers));
        observers.sort(Comparator.comparingInt(ObserverMethod::getPriority));
        boolean anyAsync = false;
        for (ObserverMethod<? super T> observer : observers) {
            if (observer.isAsync()) {
                anyAsync = true;
            } else {
                notifySync(observer, event);
            }
        }
        if (anyAsync) {
            beans.getEvent().select(qualifiers).fireAsync(event).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, () -> "an async observer of " + event + " threw", failure);
                }
            });
        }
    }

    private static <T> void notifySync(ObserverMethod<? super T> observer, T event) {
        try {
            observer.notify(event);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            LOG.log(Level.WARNING, () -> "observer " + observer + " threw on " + event
                    + "; the change stays and the other observers were notified", e);
        }
    }

    /** The server an event is about; empty for connection events. */
    public static Optional<String> serverName(RegistryEvent event) {
        if (event instanceof ServerRegistered registered) {
            return Optional.of(registered.server().name());
        }
        if (event instanceof ServerUnregistered unregistered) {
            return Optional.of(unregistered.server().name());
        }
        if (event instanceof ServerPortResolved resolved) {
            return Optional.of(resolved.name());
        }
        if (event instanceof ServerDraining draining) {
            return Optional.of(draining.server().name());
        }
        return Optional.empty();
    }
}
