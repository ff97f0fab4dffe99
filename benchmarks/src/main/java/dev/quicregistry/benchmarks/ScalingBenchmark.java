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

/** {@code lookup} as the registry grows from 10 to 1 000 000 servers, beside a map of the same size. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScalingBenchmark {

    @Param({"10", "10000", "1000000"})
    int size;

    private String[] names;
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
    }

    @Benchmark
    public ServerInfo lookup(Cursor cursor) {
        return servers.lookup(names[cursor.next(size)]).orElse(null);
    }

    @Benchmark
    public ServerInfo lookupBaseline(Cursor cursor) {
        return serverMap.get(names[cursor.next(size)]);
    }
}
