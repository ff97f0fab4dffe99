package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.Ensemble;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code endpoints(name)} of a directory on a loopback ZooKeeper, one endpoint published,
 * beside {@code ConcurrentHashMap.get} of the same list (the baseline), side by side ({@link Paired});
 * {@value ReadBenchmark#BATCH} reads per side and invocation, as in {@link ReadBenchmark}. Both maps' keys are Strings equal to, not the same
 * object as, the name the caller looks up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectoryReadBenchmark {

    private Ensemble ensemble;
    private ZooKeeperDirectory directory;
    private final Map<String, List<ServerEndpoint>> map = new ConcurrentHashMap<>();

    @Setup
    public void prepare() throws Exception {
        Logger.getLogger("org.apache.zookeeper").setLevel(Level.SEVERE);
        ensemble = Ensemble.started(1); // one server: reads never reach it, and three would only add background noise
        directory = ZooKeeperDirectory.builder().connectString(ensemble.connectString()).build();
        LocalQuicServerRegistry local = new LocalQuicServerRegistry();
        directory.publish(local);
        local.register("api", TestServer.bound(4433), 4433, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (directory.endpoints("api").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the endpoint never appeared");
            }
            Thread.onSpinWait();
        }
        // keyed by an equal but distinct String, as the directory's own keys are (decoded from ZooKeeper):
        // with the caller's literal as key, the map's get would compare by identity only
        map.put(new String("api"), List.of(new ServerEndpoint("api", "x", "127.0.0.1", 4433, Map.of(), Instant.now())));
    }

    @TearDown
    public void close() throws IOException {
        directory.close();
        ensemble.close();
    }

    @Benchmark
    public void endpoints(Paired paired, Blackhole sink) {
        paired.measure(ReadBenchmark.BATCH, () -> {
            for (int i = 0; i < ReadBenchmark.BATCH; i++) {
                sink.consume(directory.endpoints("api"));
            }
        }, () -> {
            for (int i = 0; i < ReadBenchmark.BATCH; i++) {
                sink.consume(map.get("api"));
            }
        });
    }
}
