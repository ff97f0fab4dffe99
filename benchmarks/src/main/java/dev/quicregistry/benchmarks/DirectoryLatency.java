package dev.quicregistry.benchmarks;

import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.x.discovery.ServiceCache;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.details.ServiceCacheListener;

/**
 * The directory's propagation time beside bare Curator discovery's, in one run on one 3-server
 * loopback ensemble: from {@code register} in one JVM's registry to {@code EndpointAdded} in another
 * directory, and from {@code registerService} in one client to the change in another client's
 * {@code ServiceCache}. {@value #ROUNDS} registrations each, after {@value #WARMUP} unmeasured ones;
 * each is withdrawn (and its withdrawal seen) before the next. The two alternate round by round:
 * the ensemble runs in this JVM, and whichever went second would find its code warmer. Writes
 * {@code latency <name> <p50 µs> <p99 µs>} lines to the file named by its one argument.
 */
public final class DirectoryLatency {

    static final int ROUNDS = 300;
    static final int WARMUP = 50;
    private static final long WAIT_SECONDS = 10;

    private DirectoryLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DirectoryLatency <output file>");
        }
        Logger.getLogger("org.apache.zookeeper").setLevel(Level.SEVERE);
        Logger.getLogger("org.apache.curator").setLevel(Level.SEVERE);
        try (Ensemble ensemble = Ensemble.started(3);
             DirectoryPath directoryPath = new DirectoryPath(ensemble.connectString());
             CuratorPath curatorPath = new CuratorPath(ensemble.connectString())) {
            long[] directory = new long[ROUNDS];
            long[] curator = new long[ROUNDS];
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                long directoryNanos = directoryPath.round(i);
                long curatorNanos = curatorPath.round(i);
                if (i >= WARMUP) {
                    directory[i - WARMUP] = directoryNanos;
                    curator[i - WARMUP] = curatorNanos;
                }
            }
            String lines = Percentiles.line("directory", directory) + Percentiles.line("curator", curator);
            Files.writeString(Path.of(args[0]), lines, StandardCharsets.UTF_8);
            System.out.print(lines);
        }
    }

    /** register in one JVM's registry, published by one directory, to EndpointAdded in another. */
    private static final class DirectoryPath implements AutoCloseable {
        private final LocalQuicServerRegistry local = new LocalQuicServerRegistry();
        private final Map<Integer, CompletableFuture<Void>> added = new ConcurrentHashMap<>();
        private final Map<Integer, CompletableFuture<Void>> removed = new ConcurrentHashMap<>();
        private final ZooKeeperDirectory publishing;
        private final ZooKeeperDirectory reading;

        DirectoryPath(String connect) {
            publishing = ZooKeeperDirectory.builder().connectString(connect).basePath("/latency").build();
            reading = ZooKeeperDirectory.builder().connectString(connect).basePath("/latency").build();
            publishing.publish(local);
            reading.addListener(event -> (event instanceof EndpointAdded ? added : removed)
                    .computeIfAbsent(event.endpoint().port(), port -> new CompletableFuture<>()).complete(null));
        }

        long round(int i) throws Exception {
            int port = 10_000 + i;
            CompletableFuture<Void> seen = added.computeIfAbsent(port, p -> new CompletableFuture<>());
            long start = System.nanoTime();
            local.register("api", TestServer.bound(port), port, Map.of());
            seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;
            CompletableFuture<Void> gone = removed.computeIfAbsent(port, p -> new CompletableFuture<>());
            local.unregister("api");
            gone.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return took;
        }

        @Override
        public void close() {
            reading.close();
            publishing.close();
        }
    }

    /** registerService in one Curator client to the change in another client's ServiceCache. */
    private static final class CuratorPath implements AutoCloseable {
        private final CuratorFramework writer;
        private final CuratorFramework reader;
        private final ServiceDiscovery<Void> publishing;
        private final ServiceDiscovery<Void> reading;
        private final ServiceCache<Void> cache;
        private final Map<String, CompletableFuture<Void>> added = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Void>> removed = new ConcurrentHashMap<>();

        CuratorPath(String connect) throws Exception {
            writer = client(connect);
            reader = client(connect);
            publishing = ServiceDiscoveryBuilder.builder(Void.class).client(writer).basePath("/bare").build();
            reading = ServiceDiscoveryBuilder.builder(Void.class).client(reader).basePath("/bare").build();
            publishing.start();
            reading.start();
            cache = reading.serviceCacheBuilder().name("api").build();
            cache.addListener(new ServiceCacheListener() {
                @Override
                public void cacheChanged() {
                    List<String> present = cache.getInstances().stream().map(ServiceInstance::getId).toList();
                    added.forEach((id, future) -> {
                        if (present.contains(id)) {
                            future.complete(null);
                        }
                    });
                    removed.forEach((id, future) -> {
                        if (!present.contains(id)) {
                            future.complete(null);
                        }
                    });
                }

                @Override
                public void stateChanged(CuratorFramework client, ConnectionState state) {
                }
            });
            cache.start();
        }

        long round(int i) throws Exception {
            String id = "instance-" + i;
            ServiceInstance<Void> instance = ServiceInstance.<Void>builder().name("api").id(id)
                    .address("127.0.0.1").port(10_000 + i).build();
            CompletableFuture<Void> seen = added.computeIfAbsent(id, key -> new CompletableFuture<>());
            long start = System.nanoTime();
            publishing.registerService(instance);
            seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;
            added.remove(id);
            CompletableFuture<Void> gone = removed.computeIfAbsent(id, key -> new CompletableFuture<>());
            publishing.unregisterService(instance);
            gone.get(WAIT_SECONDS, TimeUnit.SECONDS);
            removed.remove(id);
            return took;
        }

        @Override
        public void close() throws IOException {
            cache.close();
            reading.close();
            publishing.close();
            reader.close();
            writer.close();
        }
    }

    private static CuratorFramework client(String connect) {
        CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 3));
        client.start();
        return client;
    }
}
