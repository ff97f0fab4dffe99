package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.StreamClosedException;

/**
 * Interoperability: Kwik, an independent QUIC implementation in pure Java, completes a verified
 * TLS handshake with NettyQuicServer (quiche underneath) and exchanges data on a stream.
 * Assertions are off for tech.kwik in surefire's argLine (VERSIONS.md).
 */
class KwikInteropTest {

    private static final System.Logger LOG = System.getLogger(KwikInteropTest.class.getName());
    /**
     * Kwik connections that may stall (its flaw, not the server's) before the test fails: measured 5 of
     * 60 and 6 of 40, so five stalls in a row come about once in 10 000 runs.
     */
    private static final int STALLED_CONNECTIONS_TOLERATED = 4;
    private static final Duration KWIK_IDLE_TIMEOUT = KwikClients.IDLE_TIMEOUT;

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private NettyQuicServer server;

    @BeforeEach
    void startEchoServer() throws Exception {
        certificates = TestCertificates.writeTo(dir);
        // No Retry token handler (the server's default): a Retry makes Kwik fail its handshake at times.
        server = TestServers.startedEcho(certificates);
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void aKwikClientCompletesAVerifiedHandshakeAndGetsItsBytesEchoed() {
        // five connections at most, each up to 3 connects of 5 s and an 11 s stall: within 150 s
        assertTimeoutPreemptively(Duration.ofSeconds(150), () -> {
            String large = "kwik".repeat(50_000);
            List<IOException> stalls = new ArrayList<>();
            while (true) {
                QuicClientConnection connection = KwikClients.connect(server.boundPort(), certificates);
                long exchangesStarted = System.nanoTime();
                try {
                    assertThat(connection.isConnected()).isTrue();
                    assertThat(connection.getServerCertificateChain()).first()
                            .satisfies(leaf -> assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost"));
                    assertThat(exchange(connection, "hello from kwik")).isEqualTo("hello from kwik");
                    assertThat(exchange(connection, large)).isEqualTo(large);
                    int kwikPort = connection.getLocalAddress().getPort(); // Kwik's socket is bound to the wildcard address
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.connections())
                            .extracting(QuicConnection::remoteAddress).extracting(InetSocketAddress::getPort)
                            .filteredOn(port -> port == kwikPort).hasSize(1));
                    return;
                } catch (StreamClosedException | InterruptedIOException failed) {
                    // Kwik's own flaw (docs/testing.md): a connection whose stream goes silent until Kwik's idle
                    // timeout (10 s) ends it, then its read sees "Connection closed" or its write the stream
                    // "aborted". Measured: 200 KB written by Kwik stalls so about once in ten connections,
                    // against a bare Netty QUIC server as well. Only that is forgiven, four times: a reset,
                    // a STOP_SENDING or a close by the server comes sooner, or says so, and fails the test.
                    Duration silent = Duration.ofNanos(System.nanoTime() - exchangesStarted);
                    if (!kwikStalled(failed, silent) || stalls.size() == STALLED_CONNECTIONS_TOLERATED) {
                        stalls.forEach(failed::addSuppressed);
                        throw failed;
                    }
                    stalls.add(failed);
                    LOG.log(Level.WARNING, "Kwik stalled after " + silent.toMillis() + " ms (" + failed
                            + "); its connection is replaced");
                } finally {
                    connection.close();
                }
            }
        });
    }

    /** Whether a failed exchange is Kwik's stall: its idle timeout ended the connection, nothing the server sent. */
    private static boolean kwikStalled(IOException failed, Duration silent) {
        boolean idleTimeoutPassed = silent.compareTo(KWIK_IDLE_TIMEOUT.minusSeconds(1)) >= 0;
        String message = String.valueOf(failed.getMessage());
        return idleTimeoutPassed && (message.equals("Connection closed") || message.endsWith("stream was aborted"));
    }

    @Test
    void aKwikClientThatResetsThreeHundredStreamsStillGetsItsNextReplyWithinTwoSeconds() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            QuicClientConnection connection = KwikClients.connect(server.boundPort(), certificates);
            try (LogCapture everything = LogCapture.under("")) {
                // three times the server's limit of 100 concurrent streams: a stream not freed would block the next
                for (int i = 0; i < 300; i++) {
                    QuicStream stream = connection.createStream(true);
                    stream.getOutputStream().write(("half a request " + i).getBytes(StandardCharsets.UTF_8));
                    stream.getOutputStream().flush();
                    stream.resetStream(0x10c); // H3_REQUEST_CANCELLED
                }

                String reply = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> exchange(connection, "after the resets"));

                assertThat(reply).isEqualTo("after the resets");
                assertThat(everything.warnings()).as("WARNING and ERROR records").isEmpty();
            } finally {
                connection.close();
            }
        });
    }

    private static String exchange(QuicClientConnection connection, String request) throws IOException {
        QuicStream stream = connection.createStream(true);
        try (OutputStream out = stream.getOutputStream()) {
            out.write(request.getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = stream.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
