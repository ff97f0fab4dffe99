package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.impl.LocalConnectionRegistry;
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
 * The registries' reads beside {@link ConcurrentHashMap#get} on the same keys, measured side by
 * side ({@link Paired}): each invocation reads {@value #BATCH} keys through the registry and the
 * same keys from the map, four passes over the keys each, so both sides run on warm caches. Each
 * read unwraps its {@code Optional} as a caller does ({@code orElse(null)}), so both sides hand the
 * same value to JMH's sink.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadBenchmark {

    /** Reads per side and invocation: four passes over the 1024 keys, some microseconds. */
    static final int BATCH = 4096;

    @Param({"1024"})
    int size;

    private String[] names;
    private ConnectionId[] ids;
    /** The same keys, starting half-way, for the baseline: the two sides never read one key microseconds apart. */
    private String[] rotatedNames;
    private ConnectionId[] rotatedIds;
    private LocalQuicServerRegistry servers;
    private Map<String, ServerInfo> serverMap;
    private LocalConnectionRegistry connections;
    private Map<ConnectionId, Object> connectionMap;
    private ConnectionHandle<?>[] handles;

    @Setup
    public void populate() {
        names = Keys.names(size);
        ids = Keys.ids(size);
        servers = new LocalQuicServerRegistry();
        serverMap = new ConcurrentHashMap<>();
        connections = new LocalConnectionRegistry();
        connectionMap = new ConcurrentHashMap<>();
        handles = new ConnectionHandle<?>[size];
        for (int i = 0; i < size; i++) {
            servers.register(names[i], TestServer.bound(40_000 + i % 20_000), 0, Map.of("alpn", "h3"));
            servers.port(names[i]);
            serverMap.put(names[i], servers.lookup(names[i]).orElseThrow());
            Object transport = new Object();
            connections.register(ids[i], transport);
            connectionMap.put(ids[i], transport);
            handles[i] = connections.handle(ids[i], Object.class);
        }
        rotatedNames = Keys.rotated(names);
        rotatedIds = Keys.rotated(ids);
    }

    @Benchmark
    public void lookup(Paired paired, Blackhole sink) {
        paired.measure(BATCH, () -> {
            for (int i = 0; i < BATCH; i++) {
                sink.consume(servers.lookup(names[paired.registryCursor.next(size)]).orElse(null));
            }
        }, () -> {
            for (int i = 0; i < BATCH; i++) {
                sink.consume(serverMap.get(rotatedNames[paired.baselineCursor.next(size)]));
            }
        });
    }

    @Benchmark
    public void port(Paired paired, Blackhole sink) {
        paired.measure(BATCH, () -> {
            for (int i = 0; i < BATCH; i++) {
                sink.consume(servers.port(names[paired.registryCursor.next(size)]).orElse(0));
            }
        }, () -> {
            for (int i = 0; i < BATCH; i++) {
                ServerInfo info = serverMap.get(rotatedNames[paired.baselineCursor.next(size)]);
                sink.consume(info == null ? 0 : info.port());
            }
        });
    }

    @Benchmark
    public void transport(Paired paired, Blackhole sink) {
        paired.measure(BATCH, () -> {
            for (int i = 0; i < BATCH; i++) {
                sink.consume(connections.transport(ids[paired.registryCursor.next(size)]).orElse(null));
            }
        }, () -> {
            for (int i = 0; i < BATCH; i++) {
                sink.consume(connectionMap.get(rotatedIds[paired.baselineCursor.next(size)]));
            }
        });
    }

    @Benchmark
    public void current(Paired paired, Blackhole sink) {
        paired.measure(BATCH, () -> {
            for (int i = 0; i < BATCH; i++) {
                sink.consume(handles[paired.registryCursor.next(size)].current().orElse(null));
            }
        }, () -> {
            for (int i = 0; i < BATCH; i++) {
                sink.consume(connectionMap.get(rotatedIds[paired.baselineCursor.next(size)]));
            }
        });
    }
}
