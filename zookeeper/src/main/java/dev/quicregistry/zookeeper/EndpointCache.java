package dev.quicregistry.zookeeper;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.EndpointRemoved;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.support.ListenerList;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;

/**
 * What every JVM published, as this JVM last saw it: Curator's {@link CuratorCache} watches the
 * base path, and each change of an endpoint znode ({@code <base>/<name>/<instanceId>}) updates a
 * read-only snapshot and becomes an event for the listeners, delivered on the directory's event
 * thread in the order seen. A znode that is not an endpoint is logged once and skipped.
 *
 * <p>Invariants: {@code byPath} and {@code byName} change only on the cache's one thread; the lists
 * in {@code byName} are immutable and replaced whole, and a name without endpoints has no entry, so
 * readers never lock and never see a half-made list. An endpoint whose znode data changes without a
 * change of the endpoint (a re-write after a reconnection) fires nothing. At most {@code maxEndpoints}
 * endpoints are held (other JVMs can publish without limit): one beyond is skipped, with one WARNING,
 * and taken in when an endpoint leaves; foreign znodes are remembered (to log each once) up to the
 * same bound. {@code reportedFull} is touched on the cache's thread only.
 */
final class EndpointCache implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EndpointCache.class.getName());

    private final CuratorCache cache;
    private final int endpointDepth;
    private final EndpointCodec codec;
    private final Executor events;
    private final Map<String, ServerEndpoint> byPath = new ConcurrentHashMap<>();
    private final Map<String, List<ServerEndpoint>> byName = new ConcurrentHashMap<>();
    private final Set<String> reportedForeign = ConcurrentHashMap.newKeySet();
    private final ListenerList<DirectoryListener> listeners = new ListenerList<>();
    private final int maxEndpoints;
    private boolean reportedFull;

    EndpointCache(CuratorFramework client, String basePath, EndpointCodec codec, Executor events, int maxEndpoints) {
        this.cache = CuratorCache.build(client, basePath);
        this.maxEndpoints = maxEndpoints;
        this.endpointDepth = ZKPaths.split(basePath).size() + 2;
        this.codec = codec;
        this.events = events;
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(this::seen)
                .forChanges((before, after) -> seen(after))
                .forDeletes(this::gone)
                .build());
    }

    /** Starts watching, in the background: no wait for the first load. */
    void start() {
        cache.start();
    }

    /** The endpoints of {@code name}; null where it has none (the caller's read stays one map lookup). */
    List<ServerEndpoint> endpointsOrNull(String name) {
        return byName.get(name);
    }

    Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    Registration addListener(DirectoryListener listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        cache.close();
    }

    private void seen(ChildData data) {
        if (ZKPaths.split(data.getPath()).size() != endpointDepth) {
            return;
        }
        ServerEndpoint endpoint;
        try {
            endpoint = codec.decode(data.getData() == null ? new byte[0] : data.getData());
        } catch (IllegalArgumentException notAnEndpoint) {
            if (reportedForeign.size() < maxEndpoints && reportedForeign.add(data.getPath())) {
                LOG.log(Level.WARNING, () -> "skipping znode " + data.getPath() + ": it is not an endpoint ("
                        + notAnEndpoint.getMessage() + ")");
            }
            gone(data);
            return;
        }
        if (!byPath.containsKey(data.getPath()) && byPath.size() >= maxEndpoints) {
            if (!reportedFull) {
                reportedFull = true;
                LOG.log(Level.WARNING, () -> "skipping endpoint " + endpoint + ": this directory holds " + maxEndpoints
                        + " endpoints already (ZooKeeperDirectory.Builder.maxEndpoints)");
            }
            return;
        }
        ServerEndpoint before = byPath.put(data.getPath(), endpoint);
        if (endpoint.equals(before)) {
            return;
        }
        if (before != null) {
            without(before);
            deliver(new EndpointRemoved(before));
        }
        with(endpoint);
        deliver(new EndpointAdded(endpoint));
    }

    private void gone(ChildData data) {
        ServerEndpoint before = byPath.remove(data.getPath());
        if (reportedFull && byPath.size() < maxEndpoints) {
            reportedFull = false;
            takeInSkipped();
        }
        if (before != null) {
            without(before);
            deliver(new EndpointRemoved(before));
        }
    }

    /** After a place came free: the endpoints skipped while the cache was full, from Curator's own copy. */
    private void takeInSkipped() {
        cache.stream().filter(node -> ZKPaths.split(node.getPath()).size() == endpointDepth)
                .filter(node -> !byPath.containsKey(node.getPath()) && !reportedForeign.contains(node.getPath()))
                .forEach(this::seen);
    }

    private void with(ServerEndpoint endpoint) {
        byName.compute(endpoint.name(), (name, list) -> {
            List<ServerEndpoint> next = list == null ? new ArrayList<>(1) : new ArrayList<>(list);
            next.add(endpoint);
            return List.copyOf(next);
        });
    }

    private void without(ServerEndpoint endpoint) {
        byName.computeIfPresent(endpoint.name(), (name, list) -> {
            List<ServerEndpoint> next = new ArrayList<>(list);
            next.remove(endpoint);
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    private void deliver(DirectoryEvent event) {
        events.execute(() -> listeners.forEach(listener -> listener.onEvent(event), (listener, failure) ->
                LOG.log(Level.WARNING, () -> "directory listener " + listener + " threw on " + event, failure)));
    }
}
