package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.netty.server.TestServers;
import dev.quicregistry.reconnect.ConnectionState.Closed;
import dev.quicregistry.testing.LogCapture;
import io.netty.handler.codec.quic.QuicChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secure by default: the server's certificate and host name are verified, ALPN is required, trust-all is loud. */
class ClientTlsTest {

    @TempDir
    Path dir;
    private ClientFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture(dir);
        fixture.startServer();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aTrustedCertificateGivenAsObjectVerifiesTheServerForItsIpAddressAndForLocalhost() throws Exception {
        ReconnectingQuicClient byAddress = fixture.connect(fixture.builder().trustCertificates(fixture.certificates.trusted()));
        assertThat(ClientFixture.exchange(byAddress.awaitConnected(ClientFixture.WAIT), "by address")).isEqualTo("by address");
        byAddress.close();

        ReconnectingQuicClient byName = fixture.connect(fixture.builder().tlsHostName("localhost"));
        assertThat(ClientFixture.exchange(byName.awaitConnected(ClientFixture.WAIT), "by name")).isEqualTo("by name");
    }

    @Test
    void aServerCertificateThatIsNotTrustedFailsTheAttempt() throws Exception {
        ReconnectingQuicClient client = singleAttempt(ReconnectingQuicClient.builder(fixture.servers, ClientFixture.NAME,
                fixture.connections).alpn(TestServers.ALPN)); // the JDK's trust store: the test CA is not in it

        Closed closed = closedWithin(client);

        assertThat(closed.cause()).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("QUIC handshake with server 'echo'")
                .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(fixture.events).as("never connected, never registered").isEmpty();
    }

    @Test
    void aCertificateForAnotherHostFailsTheAttemptSoHostNamesAreVerified() throws Exception {
        ReconnectingQuicClient client = singleAttempt(fixture.builder().tlsHostName("example.org"));

        Closed closed = closedWithin(client);

        assertThat(closed.cause()).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("QUIC handshake with server 'echo'")
                .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void anAlpnTheServerDoesNotListFailsTheAttempt() throws Exception {
        ReconnectingQuicClient client = singleAttempt(fixture.builder().alpn("not-echo"));

        Closed closed = closedWithin(client);

        assertThat(closed.reason()).isEqualTo(Closed.Reason.ATTEMPTS_EXHAUSTED);
        assertThat(closed.cause()).isPresent();
    }

    @Test
    void insecureTrustAllConnectsToAnUntrustedServerAndLogsAWarning() throws Exception {
        try (LogCapture log = LogCapture.of(ReconnectingQuicClient.class)) {
            ReconnectingQuicClient client = fixture.connect(ReconnectingQuicClient.builder(fixture.servers, ClientFixture.NAME,
                    fixture.connections).id(fixture.id).alpn(TestServers.ALPN).insecureTrustAll().tlsHostName("example.org"));

            QuicChannel connection = client.awaitConnected(ClientFixture.WAIT);
            assertThat(ClientFixture.exchange(connection, "unverified")).isEqualTo("unverified");
            assertThat(log.warnings()).singleElement().asString().contains("trusts ANY server certificate")
                    .contains("samples and tests only");
        }
    }

    @Test
    void aClientWithoutAlpnIsRefusedSayingHowToSetIt() {
        assertThatThrownBy(() -> ReconnectingQuicClient.builder(fixture.servers, ClientFixture.NAME, fixture.connections).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no ALPN for the QUIC client of server 'echo': call alpn(\"h3\") (or the protocol your server"
                        + " lists); QUIC peers must agree on an application protocol");
    }

    @Test
    void aTrustFileThatDoesNotExistOrIsNotPemIsRefusedNamingIt() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> fixture.builder().trustCertificates(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trusted certificates " + missing + " is not valid: expected a readable PEM file (it does not exist)");

        Path notPem = java.nio.file.Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> fixture.builder().trustCertificates(notPem).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trusted certificates " + notPem + " could not be loaded: expected PEM X.509 certificates");
    }

    private ReconnectingQuicClient singleAttempt(ReconnectingQuicClient.Builder builder) {
        ReconnectingQuicClient client = builder.backoff(attempt -> java.util.Optional.empty())
                .connectTimeout(Duration.ofSeconds(5)).build();
        client.start();
        fixture.track(client);
        return client;
    }

    private static Closed closedWithin(ReconnectingQuicClient client) throws Exception {
        return client.closed().toCompletableFuture().get(ClientFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
