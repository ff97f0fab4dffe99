package dev.quicregistry.netty.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestCertificates;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client exchanges with a started server over real QUIC streams on 127.0.0.1. */
class StreamExchangeTest {

    @TempDir
    Path dir;
    private TestCertificates certificates;
    private NettyQuicServer server;

    @BeforeEach
    void startEchoServer() throws Exception {
        certificates = TestCertificates.writeTo(dir);
        server = NettyQuicServer.builder()
                .streamHandler(StreamHandlers.echo())
                .alpn("echo")
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem())
                .build();
        server.start(ServerSettings.of("127.0.0.1", 0));
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void echoesWhatAClientSendsOnABidirectionalStream() throws Exception {
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), "echo", certificates.trusted())) {
            assertThat(client.exchange("hello, quic")).isEqualTo("hello, quic");
        }
    }

    @Test
    void eachStreamOfOneConnectionGetsItsOwnReply() throws Exception {
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), "echo", certificates.trusted())) {
            assertThat(client.exchange("first")).isEqualTo("first");
            assertThat(client.exchange("second")).isEqualTo("second");
            String large = "x".repeat(200_000);
            assertThat(client.exchange(large)).isEqualTo(large);
        }
    }

    @Test
    void aSupplierGivesEveryStreamAHandlerOfItsOwn() throws Exception {
        server.close();
        java.util.concurrent.atomic.AtomicInteger handlers = new java.util.concurrent.atomic.AtomicInteger();
        server = NettyQuicServer.builder()
                .streamHandler(() -> {
                    handlers.incrementAndGet();
                    return new UpperCaseHandler();
                })
                .alpn("upper")
                .build();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.CERT, certificates.certificateChainPem().toString(),
                ServerOptions.KEY, certificates.privateKeyPem().toString())));
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), "upper", certificates.trusted())) {
            assertThat(client.exchange("one")).isEqualTo("ONE");
            assertThat(client.exchange("two")).isEqualTo("TWO");
        }
        assertThat(handlers).hasValue(2);
    }

    @Test
    void requestReplyAnswersEachStreamsWholeRequest() throws Exception {
        server.close();
        server = TestServers.echo(certificates)
                .streamHandler(StreamHandlers.requestReply(1024, request -> ("got " + request.length + " bytes").getBytes(UTF_8)))
                .build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            assertThat(client.exchange("x".repeat(1024))).isEqualTo("got 1024 bytes");
            assertThat(client.exchange("")).isEqualTo("got 0 bytes");
        }
    }

    @Test
    void requestReplyResetsAnOversizedRequestAndKeepsTheConnectionLoggingNoWarningAPeerCouldRepeat() throws Exception {
        server.close();
        server = TestServers.echo(certificates)
                .streamHandler(StreamHandlers.requestReply(10, request -> new String(request, UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8)))
                .build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        try (LogCapture log = LogCapture.of(StreamHandlers.class);
             QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> client.exchange("far more than ten bytes"))
                        .hasRootCauseInstanceOf(QuicStreamResetException.class);
            }
            assertThat(client.exchange("small")).isEqualTo("SMALL");
            assertThat(server.connections()).hasSize(1);
            assertThat(log.warnings()).isEmpty();
            assertThat(log.messagesAt(java.util.logging.Level.FINE)).hasSize(3).allSatisfy(line -> assertThat(line)
                    .contains("request longer than maxRequestBytes=10"));
        }
    }
}
