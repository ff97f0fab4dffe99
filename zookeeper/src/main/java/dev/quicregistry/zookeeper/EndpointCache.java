package dev.quicregistry.zookeeper;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.support.ListenerList;
import dev.quicregistry.zookeeper.EndpointTable.Znode;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.cache.CuratorCacheStorage;
import org.apache.zookeeper.KeeperException;

/**
 * What every JVM published, as this JVM last saw it: Curator's {@link CuratorCache} watches the
 * base path and feeds each change to an {@link EndpointTable}, whose events reach the listeners on
 * the directory's event thread, in the order seen. The table is changed on the cache's one thread only.
 */
final class EndpointCache implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EndpointCache.class.getName());

    private final CuratorCache cache;
    private final CuratorFramework client;
    private final Executor events;
    private final ListenerList<DirectoryListener> listeners = new ListenerList<>();
    private final EndpointTable table;

    EndpointCache(CuratorFramework client, String basePath, EndpointCodec codec, Executor events, int maxEndpoints,
                  OwnZnodes own) {
        // The cache keeps paths and versions, no data: a foreign znode costs this JVM no more than its path,
        // whatever it holds; an endpoint's data is decoded once, into the table.
        this.cache = CuratorCache.builder(client, basePath).withStorage(CuratorCacheStorage.dataNotCached()).build();
        this.client = client;
        this.events = events;
        this.table = new EndpointTable(basePath, codec, maxEndpoints, this::deliver,
                () -> cache.stream().map(ChildData::getPath), this::reread);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(data -> {
                    if (!own.overwritten(data.getPath(), data.getData())) { // ours deleted and made again by another
                        table.seen(znode(data));
                    }
                })
                .forChanges((before, after) -> {
                    if (!own.overwritten(after.getPath(), after.getData())) { // readers never see a forgery of ours
                        table.seen(znode(after));
                    }
                })
                .forDeletes(data -> table.gone(data.getPath()))
                .build());
    }

    /** Starts watching, in the background: no wait for the first load. */
    void start() {
        cache.start();
    }

    /** The endpoints of {@code name}; null where it has none (the caller's read stays one map lookup). */
    List<ServerEndpoint> endpointsOrNull(String name) {
        return table.endpointsOrNull(name);
    }

    Set<String> names() {
        return table.names();
    }

    Registration addListener(DirectoryListener listener) {
        return listeners.add(listener)::run;
    }

    @Override
    public void close() {
        cache.close();
    }

    /**
     * Reads {@code path}'s data again, in the background, for the table: its callback runs on
     * ZooKeeper's event thread and hands the data to the thread the cache calls the table on.
     */
    private void reread(String path) {
        try {
            client.getData().inBackground((ignored, read) -> {
                if (read.getResultCode() == KeeperException.Code.OK.intValue()) {
                    // back on the thread the cache calls its listeners on: the table has one writer
                    client.runSafe(() -> table.seen(new Znode(path, read.getData())));
                }
            }).forPath(path);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "could not read " + path + " again: " + e);
        }
    }

    private static Znode znode(ChildData data) {
        return new Znode(data.getPath(), data.getData());
    }

    private void deliver(DirectoryEvent event) {
        events.execute(() -> listeners.forEach(listener -> listener.onEvent(event), (listener, failure) ->
                LOG.log(Level.WARNING, () -> "directory listener " + listener + " threw on " + event, failure)));
    }
}
