package dev.quicregistry.benchmarks;

import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.EndpointRemoved;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
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
 * each is withdrawn (and its withdrawal seen) before the next. Writes
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
        try (Ensemble ensemble = Ensemble.started(3)) {
            long[] directory = directory(ensemble.connectString());
            long[] curator = bareCurator(ensemble.connectString());
            String lines = line("directory", directory) + line("curator", curator);
            Files.writeString(Path.of(args[0]), lines, StandardCharsets.UTF_8);
            System.out.print(lines);
        }
    }

    private static long[] directory(String connect) throws Exception {
        LocalQuicServerRegistry local = new LocalQuicServerRegistry();
        Map<Integer, CompletableFuture<Void>> added = new ConcurrentHashMap<>();
        Map<Integer, CompletableFuture<Void>> removed = new ConcurrentHashMap<>();
        try (ZooKeeperDirectory publishing = ZooKeeperDirectory.builder().connectString(connect).basePath("/latency").build();
             ZooKeeperDirectory reading = ZooKeeperDirectory.builder().connectString(connect).basePath("/latency").build()) {
            publishing.publish(local);
            reading.addListener(event -> {
                Map<Integer, CompletableFuture<Void>> waiting = event instanceof EndpointAdded ? added : removed;
                waiting.computeIfAbsent(event.endpoint().port(), port -> new CompletableFuture<>()).complete(null);
            });
            long[] nanos = new long[ROUNDS];
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                int port = 10_000 + i;
                TestServer server = TestServer.bound(port);
                CompletableFuture<Void> seen = added.computeIfAbsent(port, p -> new CompletableFuture<>());
                long start = System.nanoTime();
                local.register("api", server, port, Map.of());
                seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
                long took = System.nanoTime() - start;
                CompletableFuture<Void> gone = removed.computeIfAbsent(port, p -> new CompletableFuture<>());
                local.unregister("api");
                gone.get(WAIT_SECONDS, TimeUnit.SECONDS);
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = took;
                }
            }
            return nanos;
        }
    }

    private static long[] bareCurator(String connect) throws Exception {
        try (CuratorFramework writer = client(connect); CuratorFramework reader = client(connect)) {
            ServiceDiscovery<Void> publishing = ServiceDiscoveryBuilder.builder(Void.class).client(writer).basePath("/bare").build();
            ServiceDiscovery<Void> reading = ServiceDiscoveryBuilder.builder(Void.class).client(reader).basePath("/bare").build();
            publishing.start();
            reading.start();
            ServiceCache<Void> cache = reading.serviceCacheBuilder().name("api").build();
            Map<String, CompletableFuture<Void>> added = new ConcurrentHashMap<>();
            Map<String, CompletableFuture<Void>> removed = new ConcurrentHashMap<>();
            cache.addListener(new ServiceCacheListener() {
                @Override
                public void cacheChanged() {
                    var present = cache.getInstances().stream().map(ServiceInstance::getId).toList();
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
                public void stateChanged(CuratorFramework client, org.apache.curator.framework.state.ConnectionState state) {
                }
            });
            cache.start();
            long[] nanos = new long[ROUNDS];
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
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
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = took;
                }
            }
            cache.close();
            reading.close();
            publishing.close();
            return nanos;
        }
    }

    private static CuratorFramework client(String connect) {
        CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 3));
        client.start();
        return client;
    }

    private static String line(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "latency %s %.1f %.1f%n", name,
                sorted[sorted.length / 2] / 1_000.0, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1_000.0);
    }
}
