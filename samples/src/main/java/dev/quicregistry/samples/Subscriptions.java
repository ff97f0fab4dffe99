package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What each client connection is subscribed to: the state to restore on a new transport. */
@ApplicationScoped
class Subscriptions {

    private final ConcurrentHashMap<ConnectionId, Set<String>> topics = new ConcurrentHashMap<>();

    /** Remembers that {@code id} is subscribed to {@code topic}. */
    void add(ConnectionId id, String topic) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(topic, "topic must not be null");
        topics.computeIfAbsent(id, any -> ConcurrentHashMap.newKeySet()).add(topic);
    }

    /** The topics of {@code id}, a snapshot; empty for an id with none. */
    Set<String> of(ConnectionId id) {
        return Set.copyOf(topics.getOrDefault(id, Set.of()));
    }
}
