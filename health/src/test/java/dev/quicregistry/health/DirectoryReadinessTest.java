package dev.quicregistry.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.cdi.QuicRegistryExtension;
import dev.quicregistry.testing.Ensemble;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With a cluster directory configured, readiness check {@code quic-directory} follows its connection. */
class DirectoryReadinessTest {

    private static final String CONNECT = ConfigKeys.DIRECTORY_CONNECT;

    private SeContainer start() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
        return new Weld("directory-health-test").disableDiscovery()
                .addExtensions(new QuicRegistryExtension(), new HealthChecksExtension())
                .addPackages(true, SmallRyeHealthReporter.class)
                .initialize();
    }

    @AfterEach
    void clear() {
        System.clearProperty(CONNECT);
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }

    private static JsonObject directoryCheck(SeContainer container) {
        SmallRyeHealth readiness = container.select(SmallRyeHealthReporter.class).get().getReadiness();
        return readiness.getPayload().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("quic-directory")).findFirst().orElseThrow();
    }

    @Test
    void upWhileConnectedToARealEnsemble() throws Exception {
        try (Ensemble ensemble = Ensemble.started(3)) {
            System.setProperty(CONNECT, ensemble.connectString());
            try (SeContainer container = start()) {
                await().atMost(Duration.ofSeconds(15)).until(() -> directoryCheck(container).getString("status").equals("UP"));
                assertThat(directoryCheck(container).getJsonObject("data").getBoolean("connected")).isTrue();
            }
        }
    }

    @Test
    void downWhileZooKeeperIsUnreachable() throws Exception {
        Ensemble neverStarted = Ensemble.of(1);
        System.setProperty(CONNECT, neverStarted.connectString());
        try (SeContainer container = start()) {
            JsonObject check = directoryCheck(container);

            assertThat(check.getString("status")).isEqualTo("DOWN");
            assertThat(check.getJsonObject("data").getBoolean("connected")).isFalse();
        }
    }
}
