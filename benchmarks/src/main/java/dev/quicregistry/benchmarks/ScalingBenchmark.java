package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.TestServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code lookup} as the registry grows from 10 to 1 000 000 servers, beside a map of the same size,
 * side by side ({@link Paired}); {@value ReadBenchmark#BATCH} consecutive keys per side and
 * invocation, as in {@link ReadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScalingBenchmark {

    @Param({"10", "10000", "1000000"})
    int size;

    private String[] names;
    /** The same keys, starting half-way: the two sides never read the same key microseconds apart. */
    private String[] rotatedNames;
    private LocalQuicServerRegistry servers;
    private Map<String, ServerInfo> serverMap;

    @Setup
    public void populate() {
        names = Keys.names(size);
        servers = new LocalQuicServerRegistry();
        serverMap = new ConcurrentHashMap<>();
        for (int i = 0; i < size; i++) {
            servers.register(names[i], TestServer.bound(40_000 + i % 20_000), 4433, Map.of());
            serverMap.put(names[i], servers.lookup(names[i]).orElseThrow());
        }
        rotatedNames = Keys.rotated(names);
    }

    @Benchmark
    public void lookup(Paired paired, Blackhole sink) {
        paired.measure(ReadBenchmark.BATCH, () -> {
            for (int i = 0; i < ReadBenchmark.BATCH; i++) {
                sink.consume(servers.lookup(names[paired.registryCursor.next(size)]).orElse(null));
            }
        }, () -> {
            for (int i = 0; i < ReadBenchmark.BATCH; i++) {
                sink.consume(serverMap.get(rotatedNames[paired.baselineCursor.next(size)]));
            }
        });
    }
}
