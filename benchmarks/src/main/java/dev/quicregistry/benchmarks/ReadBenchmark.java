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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The registries' reads beside {@link ConcurrentHashMap#get} on the same keys. Each read unwraps
 * its {@code Optional} as a caller does ({@code orElse(null)}), so both sides hand the same value to
 * JMH's sink. One invocation reads {@value #BATCH} consecutive keys: the timer's own cost, which is
 * of the size of one read, would otherwise be most of what is measured and most of its error.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(ReadBenchmark.BATCH)
public class ReadBenchmark {

    static final int BATCH = 64;

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
    public void lookup(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            sink.consume(servers.lookup(names[cursor.next(size)]).orElse(null));
        }
    }

    @Benchmark
    public void lookupBaseline(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            sink.consume(serverMap.get(names[cursor.next(size)]));
        }
    }

    @Benchmark
    public void port(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            sink.consume(servers.port(names[cursor.next(size)]).orElse(0));
        }
    }

    @Benchmark
    public void portBaseline(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            ServerInfo info = serverMap.get(names[cursor.next(size)]);
            sink.consume(info == null ? 0 : info.port());
        }
    }

    @Benchmark
    public void transport(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            sink.consume(connections.transport(ids[cursor.next(size)]).orElse(null));
        }
    }

    @Benchmark
    public void transportBaseline(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            sink.consume(connectionMap.get(ids[cursor.next(size)]));
        }
    }

    @Benchmark
    public void current(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            sink.consume(handles[cursor.next(size)].current().orElse(null));
        }
    }

    @Benchmark
    public void currentBaseline(Cursor cursor, Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            sink.consume(connectionMap.get(ids[cursor.next(size)]));
        }
    }
}
