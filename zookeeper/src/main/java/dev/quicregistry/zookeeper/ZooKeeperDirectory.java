package dev.quicregistry.zookeeper;

import dev.quicregistry.api.DirectoryListener;
import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.Secrets;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.PathUtils;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;

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
    /** How long {@link #close()} waits for the withdrawal of what was published, while connected. */
    public static final Duration WITHDRAWAL_WAIT = Duration.ofMillis(500);
    /** How long {@link #close()} waits for the ZooKeeper client to close (its session's end is asked for, not awaited). */
    static final Duration CLIENT_CLOSE_WAIT = Duration.ofMillis(1000);
    /** The option published as an attribute whatever else is: the protocol clients must speak. */
    public static final String DEFAULT_ATTRIBUTE = "alpn";

    private static final System.Logger LOG = System.getLogger(ZooKeeperDirectory.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String connectString;
    private final String basePath;
    private final String threadPrefix;
    private final Optional<String> advertisedHost;
    /** The host published for wildcard-bound servers, looked up once (a name lookup may be slow); publisher thread only. */
    private String wildcardHost;
    private final CuratorFramework client;
    private final EndpointCodec codec = new EndpointCodec();
    private final EndpointCache cache;
    private final OwnZnodes own;
    private final ScheduledExecutorService publisher;
    private final ExecutorService events;
    private final List<Publication> publications = new CopyOnWriteArrayList<>();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong droppedEvents = new AtomicLong();
    /** The option keys published as attributes (never one that names a secret). */
    private final Set<String> attributeKeys;

    private ZooKeeperDirectory(Builder builder) {
        this.connectString = builder.connectString;
        this.basePath = builder.basePath;
        this.advertisedHost = Optional.ofNullable(builder.advertisedHost);
        int id = IDS.incrementAndGet();
        this.threadPrefix = "quic-directory-" + id;
        this.publisher = DirectoryThreads.scheduled(threadPrefix + "-publisher");
        this.events = DirectoryThreads.single(threadPrefix + "-events", DirectoryThreads.QUEUE_BOUND, droppedEvents);
        CuratorFrameworkFactory.Builder curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(Math.toIntExact(builder.sessionTimeout.toMillis()))
                .connectionTimeoutMs(Math.toIntExact(Math.max(1, builder.connectionTimeoutOrDefault().toMillis())))
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 2_000))
                .aclProvider(new Acls(builder.aclOrDefault()));
        if (builder.authScheme != null) {
            curator.authorization(builder.authScheme, builder.authCredentials.clone());
        }
        if (builder.clientConfig != null) {
            curator.zkClientConfig(builder.clientConfig);
        }
        if (builder.acl == null && builder.authScheme == null) {
            LOG.log(Level.WARNING, () -> "the directory at " + connectString + basePath + " creates world-writable znodes:"
                    + " any ZooKeeper client can list a server of its own under any name, or change ours. Set"
                    + " ZooKeeperDirectory.Builder.authorization(...) (CDI: " + "quic.registry.zookeeper.auth-scheme and"
                    + " quic.registry.zookeeper.auth), or an ACL with Builder.acl(...)");
        }
        this.attributeKeys = Set.copyOf(builder.attributeKeys);
        this.client = curator.build();
        this.own = new OwnZnodes(publisher);
        this.cache = new EndpointCache(client, basePath, codec, events, builder.maxEndpoints, own);
        client.getConnectionStateListenable().addListener((ignored, state) -> connected.set(state.isConnected()));
        client.start();
        keepBasePath();
        cache.start();
        long waitMillis = builder.connectionTimeoutOrDefault().toMillis();
        publisher.schedule(() -> warnIfNotConnected(waitMillis), waitMillis, TimeUnit.MILLISECONDS);
    }

    /** A builder; {@code connectString} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<ServerEndpoint> endpoints(String name) {
        // Any string, as the registries' reads: a name that could never be published is simply not found.
        List<ServerEndpoint> found = cache.endpointsOrNull(Arguments.notNull(name, "name"));
        return found != null ? found : List.of();
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
        Publication publication = new Publication(local, new CuratorZnodes(client, basePath, codec, own), this::hostOf,
                attributeKeys, publisher);
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

    /**
     * How many events were dropped because listeners fell 100 000
     * events behind (the first drop is logged once); 0 while listeners keep up.
     */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    @Override
    public boolean isConnected() {
        return connected.get();
    }

    /**
     * Withdraws what this directory published, waiting at most {@link #WITHDRAWAL_WAIT} for it
     * (none while ZooKeeper is unreachable: what is left goes when the session expires), stops the
     * cache and the threads. Idempotent.
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
            // A withdrawal is a guaranteed delete, which waits for ZooKeeper as long as Curator retries:
            // close() does not; the ephemeral znodes go with the session anyway.
            long waitMillis = isConnected() ? WITHDRAWAL_WAIT.toMillis() : 0;
            if (!publisher.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                publisher.shutdownNow();
            }
        } catch (InterruptedException e) {
            publisher.shutdownNow();
            Thread.currentThread().interrupt();
        }
        cache.close();
        closeClientWithin(CLIENT_CLOSE_WAIT);
        events.shutdown();
    }

    /**
     * Closes the Curator client, waiting at most {@code wait}: a ZooKeeper that holds the connection
     * open but does not answer (paused, partitioned) keeps {@code close()} waiting for the session's
     * end; then the client finishes closing on a daemon thread of its own.
     */
    private void closeClientWithin(Duration wait) {
        Thread closing = new Thread(client::close, threadPrefix + "-closing");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            LOG.log(Level.DEBUG, () -> "ZooKeeper at " + connectString + " does not answer; the client finishes closing in the background");
        }
    }

    @Override
    public String toString() {
        return "ZooKeeperDirectory[" + connectString + basePath + (isConnected() ? ", connected" : ", not connected") + "]";
    }

    /**
     * Makes the base path a persistent znode, with this directory's ACL, where nobody has made it yet
     * (in the background: start does not wait for ZooKeeper). Curator makes the parents of endpoints
     * as containers, which ZooKeeper deletes once empty: a base path that went away could be made
     * again by anyone, open.
     */
    private void keepBasePath() {
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).inBackground().forPath(basePath);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "could not ask for the base path " + basePath + ": " + e);
        }
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
        /** Null: the default, the session timeout but at most 15 s ({@link #connectionTimeoutOrDefault}). */
        private Duration connectionTimeout;
        private String advertisedHost;
        private int maxEndpoints = 100_000;
        private String authScheme;
        private byte[] authCredentials;
        private List<ACL> acl;
        private ZKClientConfig clientConfig;
        private final Set<String> attributeKeys = new TreeSet<>(Set.of(DEFAULT_ATTRIBUTE));

        private Builder() {
        }

        /** One {@code host[:port]} of a connect string: a host name, an IPv4 address or a bracketed IPv6 one, and a port 1..65535. */
        private static void requireServer(String server) {
            String host = server;
            String port = null;
            if (server.startsWith("[")) {
                int end = server.indexOf(']');
                if (end == -1 || !server.substring(end + 1).isEmpty() && server.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("'" + server + "' is no [IPv6 address]:port");
                }
                host = server.substring(1, end);
                port = server.substring(end + 1).isEmpty() ? null : server.substring(end + 2);
                if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                    throw new IllegalArgumentException("'" + host + "' is no IPv6 address");
                }
            } else {
                int colon = server.indexOf(':');
                if (colon != server.lastIndexOf(':')) {
                    throw new IllegalArgumentException("'" + server + "' has more than one ':' (an IPv6 address is written [::1]:2181)");
                }
                if (colon != -1) {
                    host = server.substring(0, colon);
                    port = server.substring(colon + 1);
                }
                if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                    throw new IllegalArgumentException("'" + host + "' is no host name or address");
                }
            }
            if (port != null && (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
                throw new IllegalArgumentException("'" + port + "' is no port (1..65535)");
            }
        }

        /** The ensemble, {@code host:port[,host:port...][/chroot]}; required. */
        public Builder connectString(String connectString) {
            Arguments.notNull(connectString, "connectString");
            try {
                new ConnectStringParser(connectString);
                if (connectString.isBlank() || connectString.startsWith("/")) {
                    throw new IllegalArgumentException("no server");
                }
                for (String server : connectString.split("/", 2)[0].split(",", -1)) { // the servers, before any chroot
                    requireServer(server.strip());
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

        /**
         * How long to wait for a connection before the one WARNING; default the session timeout, at
         * most 15 s (Curator warns about a connection timeout longer than the session's).
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = Arguments.positive(connectionTimeout, "connectionTimeout");
            return this;
        }

        Duration connectionTimeoutOrDefault() {
            if (connectionTimeout != null) {
                return connectionTimeout;
            }
            Duration longest = Duration.ofSeconds(15);
            return sessionTimeout.compareTo(longest) < 0 ? sessionTimeout : longest;
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

        /**
         * Authenticates this directory's session, as Curator's {@code authorization}: e.g.
         * {@code ("digest", "app:secret".getBytes(UTF_8))}. With it, every znode the directory creates
         * gets {@link #acl the ACL} {@code CREATOR_ALL_ACL} plus world read by default, so only clients
         * with the same credentials can change them. The credentials are never logged.
         */
        public Builder authorization(String scheme, byte[] credentials) {
            Arguments.notNull(scheme, "scheme");
            Arguments.notNull(credentials, "credentials");
            if (scheme.isBlank()) {
                throw new IllegalArgumentException("scheme must not be blank (expected e.g. digest)");
            }
            this.authScheme = scheme;
            this.authCredentials = credentials.clone();
            return this;
        }

        /**
         * The ACL of every znode the directory creates (the endpoints and their parents). Default:
         * {@code CREATOR_ALL_ACL} plus world read with {@link #authorization}; open
         * ({@code OPEN_ACL_UNSAFE}, logged as a WARNING at start) without.
         */
        public Builder acl(List<ACL> acl) {
            Arguments.notNull(acl, "acl");
            if (acl.isEmpty() || acl.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("acl=" + acl + " is not an ACL (expected at least one entry, no null)");
            }
            this.acl = readOnly(acl);
            return this;
        }

        /** The ZooKeeper client's configuration for this directory only (TLS, SASL), instead of JVM-wide system properties. */
        public Builder clientConfig(ZKClientConfig clientConfig) {
            this.clientConfig = Arguments.notNull(clientConfig, "clientConfig");
            return this;
        }

        /**
         * Option keys published as endpoint attributes, besides {@value #DEFAULT_ATTRIBUTE}: only these
         * leave the JVM. A key that names a secret (API's rule) is refused.
         */
        public Builder publishedAttributes(String... keys) {
            Arguments.notNull(keys, "keys");
            for (String key : keys) {
                Arguments.notNull(key, "key");
                if (Secrets.isSecretKey(key)) {
                    throw new IllegalArgumentException("publishedAttributes: '" + key + "' names a secret (it contains one of "
                            + Secrets.SECRET_WORDS + ", ignoring case and - _ .): endpoints are readable by every JVM");
                }
                if (key.isBlank()) {
                    throw new IllegalArgumentException("publishedAttributes: a blank key");
                }
            }
            attributeKeys.addAll(List.of(keys));
            return this;
        }

        private List<ACL> aclOrDefault() {
            if (acl != null) {
                return acl;
            }
            if (authScheme == null) {
                return ZooDefs.Ids.OPEN_ACL_UNSAFE;
            }
            List<ACL> creatorAndReaders = new ArrayList<>(ZooDefs.Ids.CREATOR_ALL_ACL);
            creatorAndReaders.addAll(ZooDefs.Ids.READ_ACL_UNSAFE);
            return readOnly(creatorAndReaders);
        }

        /** A copy ZooKeeper can check: it asks {@code contains(null)}, which {@code List.copyOf}'s lists refuse. */
        private static List<ACL> readOnly(List<ACL> acl) {
            return Collections.unmodifiableList(new ArrayList<>(acl));
        }

        /** Starts the directory; does not wait for a quorum. */
        public ZooKeeperDirectory build() {
            if (connectString == null) {
                throw new IllegalStateException("connectString is required (e.g. 127.0.0.1:2181)");
            }
            if (authScheme == null && acl != null && acl.stream().anyMatch(entry -> "auth".equals(entry.getId().getScheme()))) {
                // ZooKeeper refuses every create with such an ACL (InvalidACL), and Curator would retry forever
                throw new IllegalStateException("acl=" + acl + " grants the creator's identity (scheme auth), but the directory"
                        + " has none: call authorization(scheme, credentials) too");
            }
            return new ZooKeeperDirectory(this);
        }
    }

    /** One ACL for every znode the directory creates. */
    record Acls(List<ACL> acl) implements ACLProvider {
        @Override
        public List<ACL> getDefaultAcl() {
            return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return acl;
        }
    }
}
