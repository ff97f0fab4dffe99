package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secure by default, and a start that fails says why and takes nothing with it. */
class StartupValidationTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private TestCertificates certificates;

    @BeforeEach
    void certificates() throws Exception {
        certificates = TestCertificates.writeTo(dir);
        await().atMost(BOUND).until(() -> RegistryLifecycleTest.quicServerThreads().isEmpty());
    }

    private static NettyQuicServer.Builder echoWithoutCertificate() {
        return NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).alpn("echo");
    }

    @Test
    void noCertificateAndNoSelfSignedFailsSayingHowToConfigureOne() {
        NettyQuicServer server = echoWithoutCertificate().build();

        assertThatThrownBy(() -> server.start(ServerSettings.of("127.0.0.1", 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no TLS certificate configured")
                .hasMessageContaining("cert=").hasMessageContaining("key=")
                .hasMessageContaining("certificate(certPem, keyPem)")
                .hasMessageContaining("self-signed=true");
        assertThat(server.boundPort()).isZero();
        assertThat(RegistryLifecycleTest.quicServerThreads()).isEmpty();
        assertThat(server.termination().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void selfSignedFalseIsNoCertificate() {
        NettyQuicServer server = echoWithoutCertificate().build();

        assertThatThrownBy(() -> server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.SELF_SIGNED, "false"))))
                .hasMessageContaining("no TLS certificate configured");
    }

    @Test
    void selfSignedTrueStartsAServerThatAClientTrustingAnyCertificateReaches() throws Exception {
        NettyQuicServer server = echoWithoutCertificate().build();
        try (LogCapture log = LogCapture.of(TlsContexts.class)) {
            server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.SELF_SIGNED, "true")));

            assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("self-signed certificate").contains("samples and tests only"));
        }
        try (server; QuicTestClient client = QuicTestClient.connectTrustingAnyCertificate(server.boundPort(), "echo")) {
            assertThat(client.exchange("unverified")).isEqualTo("unverified");
        }
    }

    @Test
    void noAlpnFailsSayingHowToConfigureIt() {
        NettyQuicServer server = NettyQuicServer.builder().streamHandler(StreamHandlers.echo())
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem()).build();

        assertThatThrownBy(() -> server.start(ServerSettings.of("127.0.0.1", 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no ALPN configured").hasMessageContaining("alpn(\"my-protocol\")")
                .hasMessageContaining("alpn=my-protocol");
    }

    @Test
    void aCertificateWithoutItsKeyFailsNamingTheMissingOne() {
        NettyQuicServer server = echoWithoutCertificate().build();

        assertThatThrownBy(() -> server.start(new ServerSettings("127.0.0.1", 0,
                Map.of(ServerOptions.CERT, certificates.certificateChainPem().toString()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cert=" + certificates.certificateChainPem())
                .hasMessageContaining("key is not");
    }

    @Test
    void aMissingPemFileFailsNamingTheOptionAndThePath() {
        Path missing = dir.resolve("nowhere.pem");
        NettyQuicServer server = echoWithoutCertificate().certificate(missing, certificates.privateKeyPem()).build();

        assertThatThrownBy(() -> server.start(ServerSettings.of("127.0.0.1", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert=" + missing).hasMessageContaining("does not exist");
    }

    @Test
    void aFileThatIsNotPemFailsNamingBothFiles() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        NettyQuicServer server = echoWithoutCertificate().certificate(garbage, certificates.privateKeyPem()).build();

        assertThatThrownBy(() -> server.start(ServerSettings.of("127.0.0.1", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert=" + garbage).hasMessageContaining("key=" + certificates.privateKeyPem())
                .hasMessageContaining("expected a PEM X.509 certificate chain");
    }

    @Test
    void badOptionValuesFailNamingKeyValueAndWhatWasExpected() {
        assertStartFails(ServerOptions.IDLE_TIMEOUT, "soon", "option idle-timeout=soon is not valid: expected a positive duration");
        assertStartFails(ServerOptions.IDLE_TIMEOUT, "PT0S", "option idle-timeout=PT0S is not valid");
        assertStartFails(ServerOptions.MAX_CONNECTIONS, "0", "option max-connections=0 is not valid: expected a whole number in 1..");
        assertStartFails(ServerOptions.MAX_BIDI_STREAMS, "many", "option max-bidi-streams=many is not valid");
        assertStartFails(ServerOptions.SELF_SIGNED, "yes", "option self-signed=yes is not valid: expected true or false");
        assertStartFails(ServerOptions.ALPN, "h3,,echo", "option alpn=h3,,echo is not valid: expected a comma-separated list");
        assertStartFails(ServerOptions.CLOSE_TIMEOUT, "-PT1S", "option close-timeout=-PT1S is not valid");
    }

    private void assertStartFails(String key, String value, String message) {
        NettyQuicServer server = TestServers.echo(certificates).build();
        assertThatThrownBy(() -> server.start(new ServerSettings("127.0.0.1", 0, Map.of(key, value))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(server.boundPort()).isZero();
    }

    @Test
    void durationsAreIsoOrWholeSeconds() {
        assertThat(ServerOptions.duration(ServerOptions.IDLE_TIMEOUT, "PT0.5S")).isEqualTo(Duration.ofMillis(500));
        assertThat(ServerOptions.duration(ServerOptions.IDLE_TIMEOUT, "45")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void optionsOverrideTheBuildersValues() throws Exception {
        NettyQuicServer server = TestServers.echo(certificates).alpn("from-builder").build();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of(ServerOptions.ALPN, "from-options")));

        try (server; QuicTestClient client = QuicTestClient.connect(server.boundPort(), "from-options", certificates.trusted())) {
            assertThat(client.exchange("overridden")).isEqualTo("overridden");
        }
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNoThreadRunning() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            NettyQuicServer server = TestServers.echo(certificates).build();

            assertThatThrownBy(() -> server.start(ServerSettings.of("127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("could not bind the QUIC server to 127.0.0.1:" + taken.getLocalPort());

            CompletableFuture<Void> termination = server.termination().toCompletableFuture();
            assertThat(termination).isCompletedExceptionally();
            assertThat(server.boundPort()).isZero();
            // The thread may take a moment to exit after its group reported termination; a leaked one never does.
            await().atMost(BOUND).until(() -> RegistryLifecycleTest.quicServerThreads().isEmpty());
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                assertThat(again.getLocalPort()).isNotEqualTo(taken.getLocalPort());
            }
            server.close();
        }
    }

    @Test
    void unknownOptionKeysAreLoggedAsWarningsNamingThem() throws Exception {
        NettyQuicServer server = TestServers.echo(certificates).build();
        try (server; LogCapture log = LogCapture.of(NettyQuicServer.class)) {
            server.start(new ServerSettings("127.0.0.1", 0, Map.of("idle-timout", "PT5S")));

            assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("[idle-timout]").contains(ServerOptions.IDLE_TIMEOUT));
        }
    }

    @Test
    void aServerStartsAtMostOnce() throws Exception {
        try (NettyQuicServer server = TestServers.startedEcho(certificates)) {
            assertThatThrownBy(() -> server.start(ServerSettings.of("127.0.0.1", 0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("starts at most once");
        }
    }

    @Test
    void aClosedServerCannotStartAndItsTerminationIsComplete() {
        NettyQuicServer server = TestServers.echo(certificates).build();
        server.close();

        assertThat(server.termination().toCompletableFuture()).isCompleted();
        assertThatThrownBy(() -> server.start(ServerSettings.of("127.0.0.1", 0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void aBuilderWithoutStreamHandlerSaysWhatIsMissing() {
        assertThatThrownBy(() -> NettyQuicServer.builder().alpn("echo").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no stream handler");
    }

    @Test
    void anUnsharableHandlerInstanceIsRefusedInFavourOfASupplier() {
        assertThatThrownBy(() -> NettyQuicServer.builder().streamHandler(new UpperCaseHandler()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(UpperCaseHandler.class.getName()).hasMessageContaining("streamHandler(MyHandler::new)");
    }

    @Test
    void streamLimitsAndFlowControlWindowsFromTheBuilderReachTheServersConfiguration() {
        NettyQuicServer.Builder builder = NettyQuicServer.builder().streamHandler(StreamHandlers.echo())
                .maxStreams(7, 2).flowControl(4096, 1024);

        assertThat(builder.toString()).contains("max-bidi-streams=7", "max-uni-streams=2", "max-data=4096",
                "max-stream-data=1024");
        assertThatThrownBy(() -> builder.maxStreams(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bidirectional=-1 is not valid: expected at least 0");
        assertThatThrownBy(() -> builder.flowControl(0, -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxStreamData=-5 is not valid: expected at least 0");
    }
}
