package dev.quicregistry.zookeeper;

import dev.quicregistry.api.ServerEndpoint;
import java.util.Optional;

/**
 * Where a {@link Publication} writes its endpoints: one ephemeral znode each, created, updated and
 * removed on the publishing thread. {@link CuratorZnodes} is the real one.
 */
interface Znodes {

    /** One published endpoint's znode. */
    interface Znode {
        /** Writes {@code endpoint} as the znode's data. */
        void update(ServerEndpoint endpoint) throws Exception;

        /** Removes the znode. */
        void remove() throws Exception;
    }

    /** Publishes {@code endpoint}: its znode is created now or, while ZooKeeper is away, once it is back. */
    Znode create(ServerEndpoint endpoint) throws Exception;
}
