package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.micrometer.QuicRegistryMetrics;
import dev.quicregistry.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * What the Micrometer binder costs the registries' writers: the same writes as
 * {@link WriteBenchmark} on registries with {@link QuicRegistryMetrics} bound to a
 * {@code SimpleMeterRegistry}, beside registries without it (the baseline), side by side
 * ({@link Paired}). Both have the same one listener (JMH's sink) besides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsOverheadBenchmark {

    private final TestServer server = TestServer.bound(4433);
    private final ConnectionId id = ConnectionId.of("connection-0");
    private final Object first = new Object();
    private final Object second = new Object();

    private LocalQuicServerRegistry meteredServers;
    private LocalConnectionRegistry meteredConnections;
    private QuicRegistryMetrics metrics;
    private LocalQuicServerRegistry plainServers;
    private LocalConnectionRegistry plainConnections;

    @Setup
    public void prepare(Blackhole sink) {
        meteredServers = new LocalQuicServerRegistry();
        meteredServers.addListener(sink::consume);
        meteredConnections = new LocalConnectionRegistry();
        meteredConnections.addListener(sink::consume);
        meteredConnections.register(id, first);
        metrics = new QuicRegistryMetrics(meteredServers, meteredConnections);
        metrics.bindTo(new SimpleMeterRegistry());
        plainServers = new LocalQuicServerRegistry();
        plainServers.addListener(sink::consume);
        plainConnections = new LocalConnectionRegistry();
        plainConnections.addListener(sink::consume);
        plainConnections.register(id, first);
    }

    @TearDown
    public void close() {
        metrics.close();
    }

    @Benchmark
    public void registerUnregisterMetered(Paired paired) {
        paired.measure(WriteBenchmark.REGISTRATIONS, () -> {
            for (int i = 0; i < WriteBenchmark.REGISTRATIONS; i++) {
                meteredServers.register("api", server, 4433, Map.of("alpn", "h3"));
                meteredServers.unregister("api");
            }
        }, () -> {
            for (int i = 0; i < WriteBenchmark.REGISTRATIONS; i++) {
                plainServers.register("api", server, 4433, Map.of("alpn", "h3"));
                plainServers.unregister("api");
            }
        });
    }

    @Benchmark
    public void replaceTransportMetered(Paired paired, Blackhole sink) {
        paired.measure(WriteBenchmark.REPLACEMENTS, () -> {
            for (int i = 0; i < WriteBenchmark.REPLACEMENTS; i++) {
                sink.consume(meteredConnections.replaceTransport(id, i % 2 == 0 ? second : first));
            }
        }, () -> {
            for (int i = 0; i < WriteBenchmark.REPLACEMENTS; i++) {
                sink.consume(plainConnections.replaceTransport(id, i % 2 == 0 ? second : first));
            }
        });
    }
}
