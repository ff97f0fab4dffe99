package dev.quicregistry.zookeeper;

import dev.quicregistry.api.ServerEndpoint;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;

/**
 * Endpoints as ephemeral znodes {@code <base>/<name>/<instanceId>}, each kept by Curator's
 * {@link PersistentNode}: created in the background, re-created after a session loss, left alone
 * across a reconnection whose session survived.
 */
final class CuratorZnodes implements Znodes {

    private final CuratorFramework client;
    private final String basePath;
    private final EndpointCodec codec;
    private final OwnZnodes own;

    CuratorZnodes(CuratorFramework client, String basePath, EndpointCodec codec, OwnZnodes own) {
        this.client = client;
        this.basePath = basePath;
        this.codec = codec;
        this.own = own;
    }

    @Override
    public Znode create(ServerEndpoint endpoint) throws Exception {
        String path = ZKPaths.makePath(basePath, endpoint.name(), endpoint.instanceId());
        PersistentNode node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, codec.encode(endpoint));
        own.add(path, node);
        node.start();
        return new Znode() {
            @Override
            public void update(ServerEndpoint changed) throws Exception {
                node.setData(codec.encode(changed));
            }

            @Override
            public void remove() throws Exception {
                own.remove(path, node);
                node.close();
            }
        };
    }
}
