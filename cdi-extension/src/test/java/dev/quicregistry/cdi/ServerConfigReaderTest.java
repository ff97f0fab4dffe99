package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.cdi.internal.DirectorySettings;
import dev.quicregistry.cdi.internal.ServerConfig;
import dev.quicregistry.cdi.internal.ServerConfigReader;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How one server's configuration is read, against a real MicroProfile Config (no container needed). */
class ServerConfigReaderTest {

    private final List<String> problems = new ArrayList<>();

    private static ServerConfigReader reader(Map<String, String> properties) {
        return new ServerConfigReader(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build());
    }

    private Optional<ServerConfig> read(Map<String, String> properties, String name, int annotationPort) {
        return reader(properties).read(name, annotationPort, problems::add);
    }

    private Optional<DirectorySettings> directory(Map<String, String> properties) {
        return reader(properties).directory(problems::add);
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
    void theDrainTimeoutIsReadInTheSyntaxOfEveryDurationKeyAndIsNoOption() {
        Map<String, Duration> expected = Map.of("30s", Duration.ofSeconds(30), "30", Duration.ofSeconds(30),
                "PT0.5S", Duration.ofMillis(500), "250ms", Duration.ofMillis(250), " PT1M ", Duration.ofMinutes(1),
                "0", Duration.ZERO, "PT0S", Duration.ZERO, "0s", Duration.ZERO, "0ms", Duration.ZERO);
        expected.forEach((value, timeout) -> assertThat(read(Map.of("quic.server.api.drain-timeout", value), "api", 4433))
                .as(value).contains(new ServerConfig("api", true, new ServerSettings("0.0.0.0", 4433, Map.of()), timeout)));
        assertThat(read(Map.of(), "api", 4433)).hasValueSatisfying(config -> assertThat(config.drainTimeout()).isZero());
        assertThat(problems).isEmpty();
    }

    @Test
    void aDrainTimeoutThatIsNoDurationOfZeroOrMoreIsReportedWithWhatIsExpected() {
        for (String bad : List.of("soon", "-5", "-PT1S", "PT-1S", "s", "ms", "P", "5 minutes", "0x", "pt0s")) {
            assertThat(read(Map.of("quic.server.api.drain-timeout", bad), "api", 4433)).as(bad).isEmpty();
        }
        assertThat(problems).hasSize(10).first().isEqualTo("quic.server.api.drain-timeout=soon is not 0 (close at once) or "
                + "a positive duration: ISO-8601 such as PT30S or PT0.5S, whole seconds such as 30, or with a unit such as 30s or 500ms");
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

    @Test
    void theHighestPortIsAcceptedAndTheNextNumberIsNot() {
        assertThat(read(Map.of("quic.server.api.port", "65535", "quic.server.api.host", "127.0.0.1"), "api", 0))
                .hasValueSatisfying(config -> assertThat(config.settings().port()).isEqualTo(65535));
        assertThat(problems).isEmpty();

        assertThat(read(Map.of("quic.server.api.port", "65536", "quic.server.api.host", "127.0.0.1"), "api", 0)).isEmpty();
        assertThat(problems).containsExactly("quic.server.api.port=65536 is not a port (0..65535)");
    }

    @Test
    void aPortWithSurroundingBlanksIsReadWithoutThem() {
        assertThat(read(Map.of("quic.server.api.port", " 4433 ", "quic.server.api.host", " 127.0.0.1 "), "api", 0))
                .contains(new ServerConfig("api", true, new ServerSettings("127.0.0.1", 4433, Map.of())));
        assertThat(problems).isEmpty();
    }

    @Test
    void aBlankHostIsReportedAsBlank() {
        assertThat(read(Map.of("quic.server.api.host", "   "), "api", 0)).isEmpty();
        assertThat(problems).containsExactly("quic.server.api.host= is blank (expected a host name or address to bind)");
    }

    @Test
    void onlyEnabledFalseInAnyCaseDisablesAServer() {
        assertThat(reader(Map.of("quic.server.api.enabled", " FALSE ")).isDisabled("api")).isTrue();
        assertThat(reader(Map.of("quic.server.api.enabled", "false")).isDisabled("api")).isTrue();
        assertThat(reader(Map.of("quic.server.api.enabled", "true")).isDisabled("api")).isFalse();
        assertThat(reader(Map.of("quic.server.api.enabled", "no")).isDisabled("api"))
                .as("a bad value is reported by read(), the server is not treated as disabled").isFalse();
        assertThat(reader(Map.of("quic.server.admin.enabled", "false")).isDisabled("api")).isFalse();
        assertThat(reader(Map.of()).isDisabled("api")).isFalse();
    }

    @Test
    void withoutAConnectStringThereIsNoDirectory() {
        assertThat(directory(Map.of("quic.registry.zookeeper.base-path", "/apps"))).isEmpty();
        assertThat(directory(Map.of("quic.registry.zookeeper.connect", "   "))).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aDirectoryWithOnlyAConnectStringHasTheDefaultBasePathAndNothingElse() {
        assertThat(directory(Map.of("quic.registry.zookeeper.connect", " 127.0.0.1:2181 ")))
                .contains(new DirectorySettings("127.0.0.1:2181", "/quic-registry", Optional.empty(), Optional.empty(),
                        Optional.empty(), List.of()));
        assertThat(problems).isEmpty();
    }

    @Test
    void theDirectorysBasePathSessionTimeoutAndAdvertisedHostAreRead() {
        assertThat(directory(Map.of(
                "quic.registry.zookeeper.connect", "127.0.0.1:2181",
                "quic.registry.zookeeper.base-path", " /apps/quic ",
                "quic.registry.zookeeper.session-timeout", "6s",
                "quic.registry.zookeeper.advertised-host", " edge.example.com ")))
                .contains(new DirectorySettings("127.0.0.1:2181", "/apps/quic", Optional.of(Duration.ofSeconds(6)),
                        Optional.of("edge.example.com"), Optional.empty(), List.of()));
        assertThat(problems).isEmpty();
    }

    @Test
    void theDirectorysAuthorizationAndAttributesAreReadAndTheCredentialsNeverShown() {
        Optional<DirectorySettings> settings = directory(Map.of(
                "quic.registry.zookeeper.connect", "127.0.0.1:2181",
                "quic.registry.zookeeper.auth-scheme", " digest ",
                "quic.registry.zookeeper.auth", "app:s3cr3t",
                "quic.registry.zookeeper.attributes", " weight, , region ,,"));

        assertThat(settings).hasValueSatisfying(read -> {
            assertThat(read.authorization()).contains(new DirectorySettings.Authorization("digest", "app:s3cr3t"));
            assertThat(read.attributes()).containsExactly("weight", "region");
        });
        assertThat(settings.orElseThrow().toString()).contains("digest").doesNotContain("s3cr3t");
        assertThat(problems).isEmpty();
    }

    @Test
    void anAuthorizationSchemeWithoutCredentialsOrTheReverseIsAProblemThatHidesTheCredentials() {
        assertThat(directory(Map.of("quic.registry.zookeeper.connect", "127.0.0.1:2181",
                "quic.registry.zookeeper.auth-scheme", "digest"))).isEmpty();
        assertThat(directory(Map.of("quic.registry.zookeeper.connect", "127.0.0.1:2181",
                "quic.registry.zookeeper.auth", "app:s3cr3t"))).isEmpty();

        assertThat(problems).containsExactly(
                "quic.registry.zookeeper.auth-scheme and quic.registry.zookeeper.auth go together: only quic.registry.zookeeper.auth-scheme=digest is set",
                "quic.registry.zookeeper.auth-scheme and quic.registry.zookeeper.auth go together: only quic.registry.zookeeper.auth=*** is set");
    }

    @Test
    void aBlankAdvertisedHostIsNoAdvertisedHost() {
        assertThat(directory(Map.of("quic.registry.zookeeper.connect", "127.0.0.1:2181",
                "quic.registry.zookeeper.advertised-host", "   ")))
                .hasValueSatisfying(settings -> assertThat(settings.advertisedHost()).isEmpty());
        assertThat(problems).isEmpty();
    }

    @Test
    void aSessionTimeoutThatIsNotAPositiveDurationIsReportedAndThereIsNoDirectory() {
        assertThat(directory(Map.of("quic.registry.zookeeper.connect", "127.0.0.1:2181",
                "quic.registry.zookeeper.session-timeout", "0s"))).isEmpty();
        assertThat(problems).containsExactly("quic.registry.zookeeper.session-timeout=0s is not a positive duration:"
                + " ISO-8601 such as PT30S or PT0.5S, whole seconds such as 30, or with a unit such as 30s or 500ms");
    }

    @Test
    void theConfiguredNamesAreThoseOfListedServerKeysButNotOfThePortsTheExtensionPublishes() {
        ServerConfigReader reader = reader(Map.of("quic.server.api.port", "1", "quic.server.apl.alpn", "h3",
                "quic.server.other.bound-port", "4433", "quic.server..port", "2", "quic.server.nodot", "x",
                "quic.registry.zookeeper.connect", "zk:2181", "quic.serverx.y", "z"));

        assertThat(reader.configuredNames()).containsExactly("api", "apl");
    }
}
