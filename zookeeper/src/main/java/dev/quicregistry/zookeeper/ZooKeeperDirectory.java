package dev.quicregistry.zookeeper;

import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerNames;
import dev.quicregistry.support.Arguments;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.PathUtils;
import org.apache.zookeeper.client.ConnectStringParser;

/**
 * The cluster directory on Apache ZooKeeper, through Apache Curator: endpoints are ephemeral znodes
 * kept by {@code PersistentNode} under {@code <base-path>/<name>/<instanceId>}, in Curator
 * discovery's JSON, and read through a {@code CuratorCache}. A JVM that dies or loses its session
 * drops out by itself; Curator re-creates this JVM's znodes after a session loss and leaves them
 * alone across a reconnection whose session survived.
 *
 * <p>Threads: reads answer from the cache's snapshot on the caller's thread, without locking;
 * publishing runs on the directory's {@code quic-directory-N-publisher} thread, listeners on its
 * {@code quic-directory-N-events} thread. {@link #builder()} starts a directory without waiting for
 * ZooKeeper; one that is not connected within the connection timeout logs one WARNING and publishes
 * once it is.
 */
public final class ZooKeeperDirectory implements QuicServerDirectory {

    /** The base path a directory uses unless told otherwise. */
    public static final String DEFAULT_BASE_PATH = "/quic-registry";

    private static final System.Logger LOG = System.getLogger(ZooKeeperDirectory.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String connectString;
    private final String basePath;
    private final Optional<String> advertisedHost;
    /** The host published for wildcard-bound servers, looked up once (a name lookup may be slow); publisher thread only. */
    private String wildcardHost;
    private final CuratorFramework client;
    private final EndpointCodec codec = new EndpointCodec();
    private final EndpointCache cache;
    private final ScheduledExecutorService publisher;
    private final ExecutorService events;
    private final List<Publication> publications = new CopyOnWriteArrayList<>();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ZooKeeperDirectory(Builder builder) {
        this.connectString = builder.connectString;
        this.basePath = builder.basePath;
        this.advertisedHost = Optional.ofNullable(builder.advertisedHost);
        int id = IDS.incrementAndGet();
        this.publisher = DirectoryThreads.scheduled("quic-directory-" + id + "-publisher");
        this.events = DirectoryThreads.single("quic-directory-" + id + "-events", DirectoryThreads.QUEUE_BOUND);
        this.client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(Math.toIntExact(builder.sessionTimeout.toMillis()))
                .connectionTimeoutMs(Math.toIntExact(builder.connectionTimeout.toMillis()))
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 2_000))
                .build();
        this.cache = new EndpointCache(client, basePath, codec, events, builder.maxEndpoints);
        client.getConnectionStateListenable().addListener((ignored, state) -> connected.set(state.isConnected()));
        client.start();
        cache.start();
        long waitMillis = builder.connectionTimeout.toMillis();
        publisher.schedule(() -> warnIfNotConnected(waitMillis), waitMillis, TimeUnit.MILLISECONDS);
    }

    /** A builder; {@code connectString} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<ServerEndpoint> endpoints(String name) {
        List<ServerEndpoint> found = cache.endpointsOrNull(Arguments.notNull(name, "name"));
        if (found != null) {
            return found;
        }
        ServerNames.requireValid(name); // a name with endpoints is valid: only a miss needs the check
        return List.of();
    }

    @Override
    public Set<String> names() {
        return cache.names();
    }

    @Override
    public Registration publish(QuicServerRegistry local) {
        Arguments.notNull(local, "local");
        if (closed.get()) {
            throw new IllegalStateException("this directory is closed");
        }
        Publication publication = new Publication(local, new CuratorZnodes(client, basePath, codec), this::hostOf, publisher);
        publications.add(publication);
        return () -> {
            publications.remove(publication);
            publication.close();
        };
    }

    @Override
    public Registration addListener(DirectoryListener listener) {
        Arguments.notNull(listener, "listener");
        return cache.addListener(listener);
    }

    @Override
    public boolean isConnected() {
        return connected.get();
    }

    /**
     * Withdraws what this directory published (bounded by its connection timeout; what is left
     * goes with the session), stops the cache and the threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        publications.forEach(Publication::close);
        publications.clear();
        publisher.shutdown();
        try {
            if (!publisher.awaitTermination(client.getZookeeperClient().getConnectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                publisher.shutdownNow();
            }
        } catch (InterruptedException e) {
            publisher.shutdownNow();
            Thread.currentThread().interrupt();
        }
        cache.close();
        client.close();
        events.shutdown();
    }

    @Override
    public String toString() {
        return "ZooKeeperDirectory[" + connectString + basePath + (isConnected() ? ", connected" : ", not connected") + "]";
    }

    /** The Curator client, for tests that inject failures into its session. */
    CuratorFramework curator() {
        return client;
    }

    /** The host a client reaches a server bound to {@code bound} on; called on the publisher thread. */
    private String hostOf(InetSocketAddress bound) {
        if (bound != null && !bound.getAddress().isAnyLocalAddress()) {
            return bound.getAddress().getHostAddress();
        }
        if (wildcardHost == null) {
            wildcardHost = advertisedHost.orElseGet(ZooKeeperDirectory::machineHostName);
        }
        return wildcardHost;
    }

    private static String machineHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    private void warnIfNotConnected(long millis) {
        if (!connected.get() && !closed.get()) {
            LOG.log(Level.WARNING, () -> "ZooKeeper at " + connectString + " is not reachable after " + millis
                    + " ms; the directory keeps trying, answers from what it has seen, and publishes once connected");
        }
    }

    /** Configures and starts a {@link ZooKeeperDirectory}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private String connectString;
        private String basePath = DEFAULT_BASE_PATH;
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration connectionTimeout = Duration.ofSeconds(15);
        private String advertisedHost;
        private int maxEndpoints = 100_000;

        private Builder() {
        }

        /** The ensemble, {@code host:port[,host:port...][/chroot]}; required. */
        public Builder connectString(String connectString) {
            Arguments.notNull(connectString, "connectString");
            try {
                new ConnectStringParser(connectString);
                if (connectString.isBlank() || connectString.startsWith("/")) {
                    throw new IllegalArgumentException("no server");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("connectString=" + connectString
                        + " is not a ZooKeeper connect string (expected host:port[,host:port...][/chroot]): " + e.getMessage(), e);
            }
            this.connectString = connectString;
            return this;
        }

        /** The znode under which endpoints live; default {@value #DEFAULT_BASE_PATH}. */
        public Builder basePath(String basePath) {
            Arguments.notNull(basePath, "basePath");
            try {
                PathUtils.validatePath(basePath);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("basePath=" + basePath + " is not a znode path (expected e.g. "
                        + DEFAULT_BASE_PATH + "): " + e.getMessage(), e);
            }
            this.basePath = basePath;
            return this;
        }

        /** The session timeout asked for (ZooKeeper's negotiated bounds apply); default 10 s. */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = Arguments.positive(sessionTimeout, "sessionTimeout");
            return this;
        }

        /** How long to wait for a connection before the one WARNING; default 15 s. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = Arguments.positive(connectionTimeout, "connectionTimeout");
            return this;
        }

        /** The host published for servers bound to a wildcard address; default the machine's host name. */
        public Builder advertisedHost(String advertisedHost) {
            Arguments.notNull(advertisedHost, "advertisedHost");
            if (advertisedHost.isBlank()) {
                throw new IllegalArgumentException("advertisedHost must not be blank (expected a host name or address)");
            }
            this.advertisedHost = advertisedHost;
            return this;
        }

        /**
         * How many endpoints the directory holds at most (other JVMs publish without limit); one
         * beyond is skipped and logged. Default 100 000.
         */
        public Builder maxEndpoints(int maxEndpoints) {
            this.maxEndpoints = Math.toIntExact(Arguments.atLeast(maxEndpoints, 1, "maxEndpoints"));
            return this;
        }

        /** Starts the directory; does not wait for a quorum. */
        public ZooKeeperDirectory build() {
            if (connectString == null) {
                throw new IllegalStateException("connectString is required (e.g. 127.0.0.1:2181)");
            }
            return new ZooKeeperDirectory(this);
        }
    }
}
