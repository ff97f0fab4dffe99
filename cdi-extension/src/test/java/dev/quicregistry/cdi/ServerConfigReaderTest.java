package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ServerSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How one server's configuration is read, against a real MicroProfile Config (no container needed). */
class ServerConfigReaderTest {

    private final List<String> problems = new ArrayList<>();

    private Optional<ServerConfig> read(Map<String, String> properties, String name, int annotationPort) {
        ServerConfigReader reader = new ServerConfigReader(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build());
        return reader.read(name, annotationPort, problems::add);
    }

    @Test
    void withoutConfigurationTheAnnotationsPortAndEveryInterfaceAreUsed() {
        assertThat(read(Map.of(), "api", 4433)).contains(
                new ServerConfig("api", true, new ServerSettings("0.0.0.0", 4433, Map.of())));
        assertThat(problems).isEmpty();
    }

    @Test
    void theConfiguredPortOverridesTheAnnotationsAndOtherKeysBecomeOptions() {
        Optional<ServerConfig> api = read(Map.of(
                "quic.server.api.port", "0",
                "quic.server.api.host", "127.0.0.1",
                "quic.server.api.enabled", "true",
                "quic.server.api.bound-port", "9999",
                "quic.server.api.alpn", "h3",
                "quic.server.api.tls.cert", "/etc/cert.pem",
                "quic.server.api-two.alpn", "other server",
                "quic.server.apix", "not a key of api"), "api", 4433);

        assertThat(api).contains(new ServerConfig("api", true, new ServerSettings("127.0.0.1", 0,
                Map.of("alpn", "h3", "tls.cert", "/etc/cert.pem"))));
        assertThat(problems).isEmpty();
    }

    @Test
    void aDisabledServerIsNotValidatedFurther() {
        assertThat(read(Map.of("quic.server.api.enabled", "FALSE", "quic.server.api.port", "bad"), "api", 0))
                .hasValueSatisfying(config -> assertThat(config.enabled()).isFalse());
        assertThat(problems).isEmpty();
    }

    @Test
    void everyBadValueOfAServerIsReported() {
        assertThat(read(Map.of("quic.server.api.port", "65536", "quic.server.api.host", "nowhere.invalid"), "api", 0))
                .isEmpty();
        assertThat(problems).containsExactly(
                "quic.server.api.port=65536 is not a port (0..65535)",
                "quic.server.api.host=nowhere.invalid does not resolve (expected a host name or address to bind)");
    }
}
