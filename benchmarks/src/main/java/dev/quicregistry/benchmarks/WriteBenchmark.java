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
 * {@code replaceTransport} beside {@code replace}, side by side ({@link Paired}). Every write is a
 * real change that fires an event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriteBenchmark {

    /** Registrations (each with its unregistration) per side and invocation: some microseconds. */
    static final int REGISTRATIONS = 64;
    /** Replacements per side and invocation (an even number: each side ends where it began). */
    static final int REPLACEMENTS = 256;

    private final TestServer server = TestServer.bound(4433);
    private final ConnectionId id = ConnectionId.of("connection-0");
    private final Object first = new Object();
    private final Object second = new Object();

    private LocalQuicServerRegistry servers;
    private Map<String, ServerInfo> serverMap;
    private ServerInfo info;
    private LocalConnectionRegistry connections;
    private Map<ConnectionId, Object> connectionMap;

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
    public void registerUnregister(Paired paired, Blackhole sink) {
        paired.measure(REGISTRATIONS, () -> {
            for (int i = 0; i < REGISTRATIONS; i++) {
                servers.register("api", server, 4433, Map.of("alpn", "h3"));
                servers.unregister("api");
            }
        }, () -> {
            for (int i = 0; i < REGISTRATIONS; i++) {
                sink.consume(serverMap.put("api", info));
                sink.consume(serverMap.remove("api"));
            }
        });
    }

    @Benchmark
    public void replaceTransport(Paired paired, Blackhole sink) {
        paired.measure(REPLACEMENTS, () -> {
            for (int i = 0; i < REPLACEMENTS; i++) {
                sink.consume(connections.replaceTransport(id, i % 2 == 0 ? second : first));
            }
        }, () -> {
            for (int i = 0; i < REPLACEMENTS; i++) {
                sink.consume(connectionMap.replace(id, i % 2 == 0 ? second : first));
            }
        });
    }
}
