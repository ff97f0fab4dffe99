package dev.quicregistry.zookeeper;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.EndpointRemoved;
import dev.quicregistry.api.ServerEndpoint;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The endpoints a directory holds, and what each change of a znode under its base path does to
 * them: the bookkeeping of {@link EndpointCache}, without ZooKeeper. An endpoint znode is
 * {@code <base>/<name>/<instanceId>}; a znode that is not an endpoint is logged once and skipped.
 *
 * <p>Invariants: it is changed by one thread (the cache's); {@code byName} is read by any thread:
 * its lists are immutable and replaced whole, and a name without endpoints has no entry, so readers
 * never lock and never see a half-made list. An endpoint whose znode data changes without a change of
 * the endpoint (a re-write after a reconnection) fires nothing. At most {@code maxEndpoints}
 * endpoints are held (other JVMs can publish without limit): one beyond is skipped, with one
 * WARNING, and taken in when an endpoint leaves; foreign znodes are remembered (to log each once)
 * up to the same bound.
 */
final class EndpointTable {

    private static final System.Logger LOG = System.getLogger(EndpointTable.class.getName());

    /** A znode as the cache saw it: its path and data. */
    record Znode(String path, byte[] data) {
    }

    private final int endpointDepth;
    private final EndpointCodec codec;
    private final int maxEndpoints;
    private final Consumer<DirectoryEvent> events;
    private final Supplier<Stream<String>> everyPath;
    private final Consumer<String> reread;
    private final Map<String, ServerEndpoint> byPath = new HashMap<>();
    private final Map<String, List<ServerEndpoint>> byName = new ConcurrentHashMap<>();
    private final Set<String> reportedForeign = new HashSet<>();
    private boolean reportedFull;

    /**
     * A table of the endpoints under {@code basePath}, firing each change to {@code events}. When a
     * place comes free, {@code everyPath} lists the znodes the cache knows (it keeps no data), and
     * {@code reread} fetches the data of one skipped meanwhile, to be {@link #seen} again.
     */
    EndpointTable(String basePath, EndpointCodec codec, int maxEndpoints, Consumer<DirectoryEvent> events,
                  Supplier<Stream<String>> everyPath, Consumer<String> reread) {
        this.endpointDepth = depth(basePath) + 2;
        this.codec = codec;
        this.maxEndpoints = maxEndpoints;
        this.events = events;
        this.everyPath = everyPath;
        this.reread = reread;
    }

    /** The endpoints of {@code name}; null where it has none (the caller's read stays one map lookup). */
    List<ServerEndpoint> endpointsOrNull(String name) {
        return byName.get(name);
    }

    Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    /** A znode was created or its data changed. */
    void seen(Znode znode) {
        if (depth(znode.path()) != endpointDepth) {
            return;
        }
        ServerEndpoint endpoint;
        try {
            endpoint = agreeingWithItsPath(znode.path(), codec.decode(znode.data() == null ? new byte[0] : znode.data()));
        } catch (IllegalArgumentException notAnEndpoint) {
            if (reportedForeign.size() < maxEndpoints && reportedForeign.add(znode.path())) {
                LOG.log(Level.WARNING, () -> "skipping znode " + znode.path() + ": it is not an endpoint ("
                        + notAnEndpoint.getMessage() + ")");
            }
            leave(znode.path()); // an endpoint whose data turned invalid leaves
            return;
        }
        if (!byPath.containsKey(znode.path()) && byPath.size() >= maxEndpoints) {
            if (!reportedFull) {
                reportedFull = true;
                LOG.log(Level.WARNING, () -> "skipping endpoint " + znode.path() + ": this directory holds " + maxEndpoints
                        + " endpoints already (ZooKeeperDirectory.Builder.maxEndpoints)");
            }
            return;
        }
        ServerEndpoint before = byPath.put(znode.path(), endpoint);
        if (endpoint.equals(before)) {
            return;
        }
        if (before != null) {
            without(before);
            events.accept(new EndpointRemoved(before));
        }
        with(endpoint);
        events.accept(new EndpointAdded(endpoint));
    }

    /** A znode was deleted (a foreign one stays reported: made and deleted again and again, it is logged once). */
    void gone(String path) {
        leave(path);
    }

    /**
     * {@code endpoint}, where the path it was found under names it too ({@code <base>/<name>/<id>}):
     * somebody else's znode cannot list itself under another name than its place says.
     */
    private static ServerEndpoint agreeingWithItsPath(String path, ServerEndpoint endpoint) {
        int idStart = path.lastIndexOf('/') + 1;
        int nameStart = path.lastIndexOf('/', idStart - 2) + 1;
        String name = path.substring(nameStart, idStart - 1);
        String id = path.substring(idStart);
        if (!endpoint.name().equals(name) || !endpoint.instanceId().equals(id)) {
            throw new IllegalArgumentException("its data names '" + endpoint.name() + "/" + endpoint.instanceId()
                    + "', its path '" + name + "/" + id + "'");
        }
        return endpoint;
    }

    /** The endpoint at {@code path}, if the table holds one, leaves it. */
    private void leave(String path) {
        ServerEndpoint before = byPath.remove(path);
        if (reportedFull && byPath.size() < maxEndpoints) {
            reportedFull = false;
            takeInSkipped();
        }
        if (before != null) {
            without(before);
            events.accept(new EndpointRemoved(before));
        }
    }

    /** After a place came free: the endpoints skipped while the table was full, read again (the cache keeps no data). */
    private void takeInSkipped() {
        // seen() takes endpoints only; the filter spares reading what is held or known to be foreign
        everyPath.get().filter(path -> depth(path) == endpointDepth && !byPath.containsKey(path) && !reportedForeign.contains(path))
                .forEach(reread);
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

    /** How many segments a znode path has ({@code /} none, {@code /a/b} two). */
    private static int depth(String path) {
        int segments = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/' && i + 1 < path.length()) {
                segments++;
            }
        }
        return segments;
    }
}
