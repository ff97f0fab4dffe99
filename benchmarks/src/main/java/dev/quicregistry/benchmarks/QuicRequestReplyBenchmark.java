package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.ScratchDirectory;
import dev.quicregistry.testing.TestCertificates;
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

/**
 * One request and its reply, each on a new stream of an open connection over loopback: to a
 * {@link NettyQuicServer} registered by name (its port found through the registry), beside a bare
 * Netty QUIC server with the same stream handler and settings. The same bare Netty client talks to
 * both. Throughput is measured side by side ({@link Paired}: batches of exchanges with one server,
 * then the other, alternating), as the two measured one after the other differed by 10% between
 * runs; the latency distribution of single exchanges in JMH's sample mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class QuicRequestReplyBenchmark {

    private static final String ALPN = "echo";
    private static final String REQUEST = "x".repeat(256);
    /** Exchanges per side and batch: a few milliseconds. */
    private static final int EXCHANGES = 10;

    private ScratchDirectory certificatesDirectory;
    private NettyQuicServer registered;
    private BareQuicServer bare;
    private QuicTestClient toRegistered;
    private QuicTestClient toBare;

    @Setup
    public void start() throws Exception {
        certificatesDirectory = ScratchDirectory.create("quic-benchmark");
        TestCertificates certificates = TestCertificates.writeTo(certificatesDirectory.path());
        LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
        registered = NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).alpn(ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem()).build();
        registered.start(ServerSettings.of("127.0.0.1", 0));
        servers.register("echo", registered, 0, Map.of());
        bare = BareQuicServer.echo(certificates, ALPN);
        toRegistered = QuicTestClient.connect(servers.port("echo").orElseThrow(), ALPN, certificates.trusted());
        toBare = QuicTestClient.connect(bare.port(), ALPN, certificates.trusted());
    }

    @TearDown
    public void stop() throws Exception {
        toRegistered.close();
        toBare.close();
        registered.close();
        bare.close();
        certificatesDirectory.close();
    }

    /** Throughput: exchanges with each server in alternating batches, side by side ({@link Paired}). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public void requestReply(Paired paired) {
        paired.measure(EXCHANGES, () -> exchanges(toRegistered), () -> exchanges(toBare));
    }

    /** The distribution of single exchanges with the registered server (JMH's sample mode). */
    @Benchmark
    public String latency() throws Exception {
        return toRegistered.exchange(REQUEST);
    }

    @Benchmark
    public String latencyBaseline() throws Exception {
        return toBare.exchange(REQUEST);
    }

    private static void exchanges(QuicTestClient client) {
        try {
            for (int i = 0; i < EXCHANGES; i++) {
                client.exchange(REQUEST);
            }
        } catch (Exception e) {
            throw new IllegalStateException("an exchange failed", e);
        }
    }
}
