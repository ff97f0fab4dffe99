package dev.quicregistry.reconnect;

import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A registry listener that keeps every event, for assertions. */
final class EventLog implements RegistryListener {

    private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(RegistryEvent event) {
        events.add(event);
    }

    List<RegistryEvent> events() {
        return List.copyOf(events);
    }

    <E extends RegistryEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
