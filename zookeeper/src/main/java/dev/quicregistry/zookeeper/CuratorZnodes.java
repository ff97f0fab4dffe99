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

    CuratorZnodes(CuratorFramework client, String basePath, EndpointCodec codec) {
        this.client = client;
        this.basePath = basePath;
        this.codec = codec;
    }

    @Override
    public Znode create(ServerEndpoint endpoint) throws Exception {
        PersistentNode node = new PersistentNode(client, CreateMode.EPHEMERAL, false,
                ZKPaths.makePath(basePath, endpoint.name(), endpoint.instanceId()), codec.encode(endpoint));
        node.start();
        return new Znode() {
            @Override
            public void update(ServerEndpoint changed) throws Exception {
                node.setData(codec.encode(changed));
            }

            @Override
            public void remove() throws Exception {
                node.close();
            }
        };
    }
}
