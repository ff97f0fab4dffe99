package dev.quicregistry.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ServerSettings;
import java.nio.file.Path;
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
}
