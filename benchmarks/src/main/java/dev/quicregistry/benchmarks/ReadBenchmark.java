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

/**
 * The registries' reads beside {@link ConcurrentHashMap#get} on the same keys. Each read unwraps
 * its {@code Optional} as a caller does ({@code orElse(null)}), so both sides return the value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadBenchmark {

    @Param({"1024"})
    int size;

    private String[] names;
    private ConnectionId[] ids;
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
    }

    @Benchmark
    public ServerInfo lookup(Cursor cursor) {
        return servers.lookup(names[cursor.next(size)]).orElse(null);
    }

    @Benchmark
    public ServerInfo lookupBaseline(Cursor cursor) {
        return serverMap.get(names[cursor.next(size)]);
    }

    @Benchmark
    public int port(Cursor cursor) {
        return servers.port(names[cursor.next(size)]).orElse(0);
    }

    @Benchmark
    public int portBaseline(Cursor cursor) {
        ServerInfo info = serverMap.get(names[cursor.next(size)]);
        return info == null ? 0 : info.port();
    }

    @Benchmark
    public Object transport(Cursor cursor) {
        return connections.transport(ids[cursor.next(size)]).orElse(null);
    }

    @Benchmark
    public Object transportBaseline(Cursor cursor) {
        return connectionMap.get(ids[cursor.next(size)]);
    }

    @Benchmark
    public Object current(Cursor cursor) {
        return handles[cursor.next(size)].current().orElse(null);
    }

    @Benchmark
    public Object currentBaseline(Cursor cursor) {
        return connectionMap.get(ids[cursor.next(size)]);
    }
}
