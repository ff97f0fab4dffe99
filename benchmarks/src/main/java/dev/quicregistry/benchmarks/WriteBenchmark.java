package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.TestServer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The registries' writes, each with one listener attached, beside the map operations they stand
 * on: {@code register}+{@code unregister} beside {@code put}+{@code remove}, and
 * {@code replaceTransport} beside {@code replace}. Every write is a real change that fires an event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriteBenchmark {

    private final TestServer server = TestServer.bound(4433);
    private final ConnectionId id = ConnectionId.of("connection-0");
    private final Object first = new Object();
    private final Object second = new Object();

    private LocalQuicServerRegistry servers;
    private Map<String, ServerInfo> serverMap;
    private ServerInfo info;
    private LocalConnectionRegistry connections;
    private Map<ConnectionId, Object> connectionMap;
    private boolean flip;

    /** The one listener hands each event to JMH's sink: the cost measured is the registry's, not a listener's. */
    @Setup
    public void prepare(Blackhole sink) {
        servers = new LocalQuicServerRegistry();
        servers.addListener(sink::consume);
        serverMap = new ConcurrentHashMap<>();
        info = new ServerInfo("api", server, 4433, Map.of("alpn", "h3"), Instant.now());
        connections = new LocalConnectionRegistry();
        connections.addListener(sink::consume);
        connections.register(id, first);
        connectionMap = new ConcurrentHashMap<>();
        connectionMap.put(id, first);
    }

    @Benchmark
    public void registerUnregister() {
        servers.register("api", server, 4433, Map.of("alpn", "h3"));
        servers.unregister("api");
    }

    @Benchmark
    public void registerUnregisterBaseline(Blackhole blackhole) {
        blackhole.consume(serverMap.put("api", info));
        blackhole.consume(serverMap.remove("api"));
    }

    @Benchmark
    public boolean replaceTransport() {
        flip = !flip;
        return connections.replaceTransport(id, flip ? second : first);
    }

    @Benchmark
    public Object replaceTransportBaseline() {
        flip = !flip;
        return connectionMap.replace(id, flip ? second : first);
    }
}
