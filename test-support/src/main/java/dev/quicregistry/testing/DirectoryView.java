package dev.quicregistry.testing;

import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's view of a cluster directory, for tests of what a client dials: it lists given
 * endpoints (the first answer may differ from the later ones: a view that lags), publishes nothing
 * and tells of no change. The neighbour of a client under test, never a directory under test.
 */
public final class DirectoryView implements QuicServerDirectory {

    private final List<ServerEndpoint> first;
    private final List<ServerEndpoint> later;
    private final AtomicInteger asked = new AtomicInteger();

    private DirectoryView(List<ServerEndpoint> first, List<ServerEndpoint> later) {
        this.first = List.copyOf(first);
        this.later = List.copyOf(later);
    }

    /** A view that always lists {@code endpoints} (whatever name is asked). */
    public static DirectoryView of(List<ServerEndpoint> endpoints) {
        return new DirectoryView(endpoints, endpoints);
    }

    /** A view that lists {@code first} when first asked, then {@code later}: one that learns of a change late. */
    public static DirectoryView lagging(List<ServerEndpoint> first, List<ServerEndpoint> later) {
        return new DirectoryView(first, later);
    }

    @Override
    public List<ServerEndpoint> endpoints(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return asked.getAndIncrement() == 0 ? first : later;
    }

    /** How often {@link #endpoints} was asked. */
    public int asked() {
        return asked.get();
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        later.forEach(endpoint -> names.add(endpoint.name()));
        return names;
    }

    @Override
    public Registration publish(QuicServerRegistry local) {
        throw new UnsupportedOperationException("a client's view of a directory publishes nothing");
    }

    @Override
    public Registration addListener(DirectoryListener listener) {
        return () -> { };
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "DirectoryView" + later;
    }
}
