package dev.quicregistry.quarkusapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.testing.QuicTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A Quarkus application with quarkus-rest, quarkus-smallrye-health and
 * quarkus-micrometer-registry-prometheus, and a NettyQuicServer declared with
 * {@code @NamedQuicServer} (port 0, PEM files from configuration): its REST endpoint answers, a QUIC
 * client gets its echo on the bound port read from MicroProfile Config, the readiness check and
 * the meters are there. Set up as docs/quarkus.md says, nothing more (see the pom).
 */
@QuarkusTest
@QuarkusTestResource(CertificateFiles.class)
class QuarkusRestApplicationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL http;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Test
    void restAnswersBesideTheQuicServer() throws Exception {
        assertThat(get("servers")).isEqualTo("echo");
    }

    @Test
    void aQuicClientGetsItsEchoOnTheBoundPortFromMicroProfileConfig() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quic.server.echo.bound-port", Integer.class);
        assertThat(port).isBetween(1, 65535);
        try (QuicTestClient quic = QuicTestClient.connect(port, "echo", CertificateFiles.certificates.trusted())) {
            assertThat(quic.exchange("hello from Quarkus")).isEqualTo("hello from Quarkus");
        }
    }

    @Test
    void readinessHasTheServersCheckUpWithThePort() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quic.server.echo.bound-port", Integer.class);
        String ready = get("q/health/ready");
        assertThat(ready).contains("\"name\": \"quic-servers\"").contains("\"echo.port\": " + port);
        assertThat(ready.replaceAll("\\s", "")).contains("\"status\":\"UP\",\"checks\"");
    }

    @Test
    void prometheusHasTheRegistrysMeters() throws Exception {
        String metrics = get("q/metrics");
        assertThat(metrics.lines()).contains("quic_servers_registered 1.0")
                .anyMatch(line -> line.startsWith("quic_server_connections{server=\"echo\""));
    }

    private String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.toString()).resolve(path)).timeout(TIMEOUT).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
