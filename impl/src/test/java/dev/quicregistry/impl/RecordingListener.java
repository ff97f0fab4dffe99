package dev.quicregistry.impl;

import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.RegistryListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A listener that keeps every event it saw, and the thread it saw each on. */
final class RecordingListener implements RegistryListener {

    private final List<RegistryEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(RegistryEvent event) {
        events.add(event);
        threads.add(Thread.currentThread());
    }

    List<RegistryEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<Thread> threads() {
        synchronized (threads) {
            return List.copyOf(threads);
        }
    }

    void clear() {
        events.clear();
        threads.clear();
    }
}
