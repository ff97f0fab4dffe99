package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.client.ClientStreams;
import dev.quicregistry.netty.client.ReconnectingQuicClient;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.ExponentialBackoff;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.ScratchDirectory;
import dev.quicregistry.testing.TestCertificates;
import io.netty.handler.codec.quic.QuicChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How long a {@link ReconnectingQuicClient} takes to carry on after its server restarts: the
 * server under its name is closed, the client starts retrying (backoff fixed at its minimum, 1 ms
 * with full jitter), a new server is started and registered; measured from that registration to
 * {@code ConnectionReplaced} and to the reply of the first request on the new connection. The
 * baseline, right after in each round: a bare Netty QUIC client that knows the new port dials it
 * and sends the same request (connect, and connect plus exchange). {@value #ROUNDS} restarts after
 * {@value #WARMUP} unmeasured ones; writes {@code latency <name> <p50 µs> <p99 µs>} lines to the
 * file named by its one argument.
 */
public final class ReconnectionLatency {

    static final int ROUNDS = 100;
    static final int WARMUP = 10;
    private static final String NAME = "echo";
    private static final String ALPN = "echo";
    private static final byte[] REQUEST = "after the restart".getBytes(StandardCharsets.UTF_8);
    private static final long WAIT_SECONDS = 10;

    private ReconnectionLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ReconnectionLatency <output file>");
        }
        Logger.getLogger("dev.quicregistry").setLevel(Level.SEVERE); // a refused attempt per millisecond is logged otherwise
        try (ScratchDirectory directory = ScratchDirectory.create("quic-reconnection")) {
            measure(TestCertificates.writeTo(directory.path()), Path.of(args[0]));
        }
    }

    /** Restarts the server {@code ROUNDS} times after a warm-up and writes the percentiles to {@code output}. */
    private static void measure(TestCertificates certificates, Path output) throws Exception {
        LocalQuicServerRegistry servers = new LocalQuicServerRegistry();
        LocalConnectionRegistry connections = new LocalConnectionRegistry();
        Replacements replacements = new Replacements();
        connections.addListener(event -> {
            if (event instanceof ConnectionReplaced) {
                replacements.seen();
            }
        });
        long[] replaced = new long[ROUNDS];
        long[] firstReply = new long[ROUNDS];
        long[] bareConnected = new long[ROUNDS];
        long[] bareReply = new long[ROUNDS];
        NettyQuicServer server = started(certificates);
        servers.register(NAME, server, 0, Map.of());
        try (ReconnectingQuicClient client = ReconnectingQuicClient.builder(servers, NAME, connections)
                .alpn(ALPN).trustCertificates(certificates.trustedPem())
                .backoff(ExponentialBackoff.of(Duration.ofMillis(1), Duration.ofMillis(1), ExponentialBackoff.UNLIMITED))
                .connect()) {
            client.awaitConnected(Duration.ofSeconds(WAIT_SECONDS));
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                CompletableFuture<ConnectionState> retrying = new CompletableFuture<>();
                var listening = client.addStateListener(state -> {
                    if (state instanceof ConnectionState.Reconnecting) {
                        retrying.complete(state);
                    }
                });
                CompletableFuture<QuicChannel> next = client.nextConnected().toCompletableFuture();
                server.close();
                retrying.get(WAIT_SECONDS, TimeUnit.SECONDS);
                listening.close();
                CompletableFuture<Long> replacedAt = replacements.next();

                server = started(certificates);
                long restarted = System.nanoTime();
                servers.register(NAME, server, 0, Map.of());
                QuicChannel connection = next.get(WAIT_SECONDS, TimeUnit.SECONDS);
                long replacedNanos = replacedAt.get(WAIT_SECONDS, TimeUnit.SECONDS) - restarted;
                ClientStreams.requestReply(connection, REQUEST, 1024).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
                long firstReplyNanos = System.nanoTime() - restarted;

                long dialing = System.nanoTime();
                long bareConnectedNanos;
                long bareReplyNanos;
                try (QuicTestClient bare = QuicTestClient.connect(server.boundPort(), ALPN, certificates.trusted())) {
                    bareConnectedNanos = System.nanoTime() - dialing;
                    bare.exchange("after the restart");
                    bareReplyNanos = System.nanoTime() - dialing;
                }
                if (round >= WARMUP) {
                    replaced[round - WARMUP] = replacedNanos;
                    firstReply[round - WARMUP] = firstReplyNanos;
                    bareConnected[round - WARMUP] = bareConnectedNanos;
                    bareReply[round - WARMUP] = bareReplyNanos;
                }
            }
        } finally {
            server.close();
        }
        String lines = Percentiles.line("reconnect-replaced", replaced) + Percentiles.line("reconnect-first-reply", firstReply)
                + Percentiles.line("bare-connected", bareConnected) + Percentiles.line("bare-first-reply", bareReply);
        Files.writeString(output, lines, StandardCharsets.UTF_8);
        System.out.print(lines);
    }

    private static NettyQuicServer started(TestCertificates certificates) throws Exception {
        NettyQuicServer server = NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).alpn(ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem()).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        return server;
    }

    /** When the next {@code ConnectionReplaced} reached the listener, as {@link System#nanoTime()}. */
    private static final class Replacements {
        private volatile CompletableFuture<Long> pending = new CompletableFuture<>();

        CompletableFuture<Long> next() {
            pending = new CompletableFuture<>();
            return pending;
        }

        void seen() {
            pending.complete(System.nanoTime());
        }
    }
}
