package dev.quicregistry.zookeeper;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.EndpointAdded;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A directory listener that keeps what it received, as "+name:port" and "-name:port", and on which threads. */
final class Recorder implements DirectoryListener {

    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(DirectoryEvent event) {
        seen.add((event instanceof EndpointAdded ? "+" : "-") + event.endpoint().name() + ":" + event.endpoint().port());
        threads.add(Thread.currentThread().getName());
    }

    /** What was seen about {@code name}. */
    List<String> about(String name) {
        return seen.stream().filter(line -> line.startsWith("+" + name + ":") || line.startsWith("-" + name + ":")).toList();
    }
}
