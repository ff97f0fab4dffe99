package dev.quicregistry.zookeeper;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.support.Secrets;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One local registry published into the directory: every server it holds with a known port is an
 * endpoint znode ({@link Znodes}; in ZooKeeper, {@link CuratorZnodes}).
 *
 * <p>The registry is the source of truth: a change there only asks for a reconciliation, which
 * runs on the directory's publishing thread, reads the registry as it is then, and creates, updates
 * or removes znodes to match. So a registry writer never waits for ZooKeeper, and a burst of changes
 * costs one reconciliation. A server that drains ({@code ServerDraining}) is withdrawn by the
 * reconciliation its event asks for, and never published again: a draining entry is not wanted.
 *
 * <p>Invariants: {@code nodes} is touched only on the publishing thread; at most one reconciliation
 * is queued at a time ({@code queued}); after {@link #close()} no reconciliation creates a node.
 */
final class Publication implements Registration {

    private static final System.Logger LOG = System.getLogger(Publication.class.getName());

    private final QuicServerRegistry local;
    private final Znodes znodes;
    private final Function<InetSocketAddress, String> hostOf;
    private final Executor publisher;
    private final Set<String> attributeKeys;
    private final Map<Key, Node> nodes = new HashMap<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Registration listening;

    /** A server of the registry, by name and identity (a replaced server is another key). */
    private record Key(String name, QuicServer server) {
    }

    /** What is published for a key. */
    private record Node(ServerEndpoint endpoint, Znodes.Znode znode) {
    }

    Publication(QuicServerRegistry local, Znodes znodes, Function<InetSocketAddress, String> hostOf, Set<String> attributeKeys,
                Executor publisher) {
        this.local = local;
        this.znodes = znodes;
        this.hostOf = hostOf;
        this.attributeKeys = attributeKeys;
        this.publisher = publisher;
        this.listening = local.addListener(event -> requestReconciliation());
        requestReconciliation();
    }

    /** Stops following the registry and removes every endpoint it published. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            listening.close();
            try {
                publisher.execute(this::removeAll);
            } catch (RejectedExecutionException directoryClosed) {
                // the directory closed first: its session's end removed our ephemeral znodes
            }
        }
    }

    private void requestReconciliation() {
        if (queued.compareAndSet(false, true)) {
            try {
                publisher.execute(this::reconcile);
            } catch (RejectedExecutionException directoryClosed) {
                // the directory closed meanwhile: it withdraws everything itself
                queued.set(false);
            }
        }
    }

    /** On the publishing thread: makes the znodes match the registry now. */
    private void reconcile() {
        queued.set(false);
        if (closed.get()) {
            return;
        }
        Map<Key, ServerInfo> wanted = new HashMap<>();
        for (String name : local.names()) {
            // port() resolves a registered 0 from the server's bound port where it has one by now
            if (!local.isDraining(name) && local.port(name).isPresent()) {
                local.lookup(name).filter(info -> info.port() > 0).ifPresent(info -> wanted.put(new Key(name, info.server()), info));
            }
        }
        for (Iterator<Map.Entry<Key, Node>> it = nodes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Node> published = it.next();
            if (!wanted.containsKey(published.getKey())) {
                remove(published.getValue());
                it.remove();
            }
        }
        wanted.forEach((key, info) -> {
            Node existing = nodes.get(key);
            ServerEndpoint endpoint = endpointOf(info, Optional.ofNullable(existing).map(Node::endpoint));
            if (existing == null) {
                create(endpoint).ifPresent(znode -> nodes.put(key, new Node(endpoint, znode)));
            } else if (!existing.endpoint().equals(endpoint)) {
                update(existing.znode(), endpoint);
                nodes.put(key, new Node(endpoint, existing.znode()));
            }
        });
    }

    private ServerEndpoint endpointOf(ServerInfo info, Optional<ServerEndpoint> before) {
        Map<String, String> attributes = new TreeMap<>();
        info.options().forEach((key, value) -> {
            if (attributeKeys.contains(key) && !Secrets.isSecretKey(key)) { // an allow-list, and the secret rule as well
                attributes.put(key, String.valueOf(value));
            }
        });
        String host = hostOf.apply(info.server().localAddress().orElse(null));
        return new ServerEndpoint(info.name(), before.map(ServerEndpoint::instanceId).orElseGet(() -> UUID.randomUUID().toString()),
                host, info.port(), attributes, before.map(ServerEndpoint::registeredAt).orElseGet(Instant::now));
    }

    private Optional<Znodes.Znode> create(ServerEndpoint endpoint) {
        try {
            Znodes.Znode znode = znodes.create(endpoint);
            LOG.log(Level.DEBUG, () -> "publishing " + endpoint);
            return Optional.of(znode);
        } catch (Exception e) {
            LOG.log(Level.WARNING, () -> "could not publish " + endpoint, e);
            return Optional.empty();
        }
    }

    private void update(Znodes.Znode znode, ServerEndpoint endpoint) {
        try {
            znode.update(endpoint);
        } catch (Exception e) {
            LOG.log(Level.WARNING, () -> "could not update the published " + endpoint, e);
        }
    }

    private void remove(Node node) {
        try {
            node.znode().remove();
            LOG.log(Level.DEBUG, () -> "withdrew " + node.endpoint());
        } catch (Exception e) {
            LOG.log(Level.WARNING, () -> "could not withdraw " + node.endpoint()
                    + " now; it goes when this directory's session ends", e);
        }
    }

    private void removeAll() {
        nodes.values().forEach(this::remove); // the publication is closed: its map is never read again
    }
}
