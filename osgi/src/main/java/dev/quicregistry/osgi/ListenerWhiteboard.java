package dev.quicregistry.osgi;

import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The listener whiteboard of one registry: subscribes each {@link RegistryListener} service while
 * it is there, and ends the subscription when it goes.
 *
 * <p>Invariant: {@code subscriptions} holds exactly one open registration per service id that was
 * added and not removed; a replaced or removed registration is closed at once.
 */
final class ListenerWhiteboard {

    private final Function<RegistryListener, Registration> subscribe;
    private final Map<Long, Registration> subscriptions = new ConcurrentHashMap<>();

    /** A whiteboard subscribing listeners with {@code subscribe}, such as {@code registry::addListener}. */
    ListenerWhiteboard(Function<RegistryListener, Registration> subscribe) {
        this.subscribe = subscribe;
    }

    void added(long serviceId, RegistryListener listener) {
        Registration previous = subscriptions.put(serviceId, subscribe.apply(listener));
        if (previous != null) {
            previous.close();
        }
    }

    void removed(long serviceId) {
        Registration registration = subscriptions.remove(serviceId);
        if (registration != null) {
            registration.close();
        }
    }

    /** Ends every subscription. */
    void close() {
        subscriptions.keySet().forEach(this::removed);
    }
}
