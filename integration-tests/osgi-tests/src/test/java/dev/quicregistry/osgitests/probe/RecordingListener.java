package dev.quicregistry.osgitests.probe;

import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A whiteboard {@link RegistryListener} living in the probe bundle. It writes each event as a line
 * of text (such as {@code ServerRegistered alpha port=4433}), which the test outside the framework
 * reads through {@link Supplier}, a type both sides share.
 */
public final class RecordingListener implements RegistryListener, Supplier<List<String>> {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(RegistryEvent event) {
        events.add(describe(event));
    }

    /** The events received so far, in order. */
    @Override
    public List<String> get() {
        return List.copyOf(events);
    }

    private static String describe(RegistryEvent event) {
        if (event instanceof ServerRegistered registered) {
            return "ServerRegistered " + registered.server().name() + " port=" + registered.server().port();
        } else if (event instanceof ServerUnregistered unregistered) {
            return "ServerUnregistered " + unregistered.server().name() + " " + unregistered.reason();
        } else if (event instanceof ServerDraining draining) {
            return "ServerDraining " + draining.server().name();
        } else if (event instanceof ServerPortResolved resolved) {
            return "ServerPortResolved " + resolved.name() + " port=" + resolved.port();
        } else if (event instanceof ConnectionRegistered registered) {
            return "ConnectionRegistered " + registered.id().value();
        } else if (event instanceof ConnectionReplaced replaced) {
            return "ConnectionReplaced " + replaced.id().value();
        } else if (event instanceof ConnectionUnregistered unregistered) {
            return "ConnectionUnregistered " + unregistered.id().value();
        }
        return event.toString();
    }
}
