package dev.quicregistry.zookeeper;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.curator.framework.recipes.nodes.PersistentNode;

/**
 * The endpoint znodes this directory created, by path, so that another client's write over one of
 * them is noticed and undone: Curator's {@link PersistentNode} re-creates a deleted node but keeps
 * whatever data someone else set. (With an ACL, nobody else can write them at all.)
 *
 * <p>Invariants: a path is held from its node's creation to its removal; a repair runs on the
 * directory's publishing thread and writes what the node holds then (its latest data), so a repair
 * racing an update of ours writes ours.
 */
final class OwnZnodes {

    private static final System.Logger LOG = System.getLogger(OwnZnodes.class.getName());

    private final ConcurrentHashMap<String, PersistentNode> byPath = new ConcurrentHashMap<>();
    /** The paths whose overwriting was logged (once each, while they are ours). */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final Executor repairs;

    OwnZnodes(Executor repairs) {
        this.repairs = repairs;
    }

    void add(String path, PersistentNode node) {
        byPath.put(path, node);
    }

    void remove(String path, PersistentNode node) {
        byPath.remove(path, node);
        reported.remove(path); // an endpoint's path is never used again (its instance id is new)
    }

    /**
     * Whether {@code data}, seen at {@code path}, is another client's write over one of our znodes;
     * if so, ours is written back (and the write is logged once per repair, without the data).
     */
    boolean overwritten(String path, byte[] data) {
        PersistentNode node = byPath.get(path);
        if (node == null || Arrays.equals(node.getData(), data)) {
            return false;
        }
        if (reported.add(path)) {
            LOG.log(Level.WARNING, () -> "another ZooKeeper client changed this directory's znode " + path
                    + "; writing it back each time (logged once; set an ACL: ZooKeeperDirectory.Builder.authorization)");
        }
        try {
            repairs.execute(() -> writeBack(path, node));
        } catch (RejectedExecutionException closing) {
            // the directory is closing: the znode goes with it
        }
        return true;
    }

    private static void writeBack(String path, PersistentNode node) {
        try {
            node.setData(node.getData());
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "could not write back this directory's znode " + path + ": " + e);
        }
    }
}
