package dev.quicregistry.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.cdi.QuicRegistryExtension;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.testing.UdpTestServer;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The readiness checks in a real Weld container with SmallRye Health, read as the JSON a health
 * endpoint serves ({@code /health/ready}).
 */
class ReadinessTest {

    @ApplicationScoped
    static class Servers {
        static UdpTestServer api;
        static UdpTestServer edge;

        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer api() {
            api = new UdpTestServer();
            return api;
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("edge")
        QuicServer edge() {
            edge = new UdpTestServer();
            return edge;
        }
    }

    private SeContainer container;

    @BeforeEach
    void start() {
        System.setProperty("quic.server.api.host", "127.0.0.1");
        System.setProperty("quic.server.edge.host", "127.0.0.1");
        container = new Weld("health-test").disableDiscovery()
                .addExtensions(new QuicRegistryExtension(), new HealthChecksExtension())
                .addPackages(true, SmallRyeHealthReporter.class)
                .addBeanClasses(Servers.class)
                .initialize();
    }

    @AfterEach
    void stop() {
        container.close();
        System.clearProperty("quic.server.api.host");
        System.clearProperty("quic.server.edge.host");
    }

    private JsonObject readiness() {
        SmallRyeHealthReporter reporter = container.select(SmallRyeHealthReporter.class).get();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        reporter.reportHealth(json, reporter.getReadiness());
        return Json.createReader(new ByteArrayInputStream(json.toByteArray())).readObject();
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void upWithEachServersRealPortAndConnections() {
        QuicServerRegistry servers = container.select(QuicServerRegistry.class).get();

        JsonObject health = readiness();

        assertThat(health.getString("status")).isEqualTo("UP");
        JsonObject check = check(health, "quic-servers");
        assertThat(check.getString("status")).isEqualTo("UP");
        JsonObject data = check.getJsonObject("data");
        assertThat(data.getInt("api.port")).isEqualTo(Servers.api.boundPort()).isEqualTo(servers.port("api").orElseThrow());
        assertThat(data.getInt("edge.port")).isEqualTo(Servers.edge.boundPort());
        assertThat(data.getInt("api.connections")).isZero();
        assertThat(health.getJsonArray("checks")).as("no directory configured: no quic-directory check").hasSize(1);
    }

    @Test
    void aServerThatDiesMakesReadinessDownNamingIt() {
        Servers.edge.die(new IOException("the socket broke"));

        JsonObject health = readiness();

        assertThat(health.getString("status")).isEqualTo("DOWN");
        JsonObject check = check(health, "quic-servers");
        assertThat(check.getString("status")).isEqualTo("DOWN");
        assertThat(check.getJsonObject("data").getString("edge.failed"))
                .isEqualTo("terminated on its own: java.io.IOException: the socket broke");
        assertThat(check.getJsonObject("data").getInt("api.port")).isEqualTo(Servers.api.boundPort());
        assertThat(check.getJsonObject("data").containsKey("edge.port")).isFalse();
    }

    @Test
    void aServerClosedOnPurposeIsNoFailure() {
        Servers.edge.close();

        assertThat(readiness().getString("status")).isEqualTo("UP");
    }

    @Test
    void aDrainingServerMakesReadinessDownNamingItUntilItsEntryIsGone() {
        QuicServerRegistry servers = container.select(QuicServerRegistry.class).get();
        AtomicReference<JsonObject> duringTheDrain = new AtomicReference<>();
        TestServer drainer = TestServer.bound(4433).whileDraining(() -> duringTheDrain.set(readiness()));
        servers.register("drainer", drainer, 4433, Map.of());
        assertThat(readiness().getString("status")).isEqualTo("UP");

        servers.drain("drainer", Duration.ofSeconds(5));

        assertThat(drainer.drains()).containsExactly(Duration.ofSeconds(5));
        JsonObject during = duringTheDrain.get();
        assertThat(during).as("the health read inside the drain").isNotNull();
        assertThat(during.getString("status")).isEqualTo("DOWN");
        JsonObject check = check(during, "quic-servers");
        assertThat(check.getString("status")).isEqualTo("DOWN");
        JsonObject data = check.getJsonObject("data");
        assertThat(data.getBoolean("drainer.draining")).isTrue();
        assertThat(data.getInt("drainer.port")).as("still registered while it drains").isEqualTo(4433);
        assertThat(data.containsKey("api.draining")).isFalse();
        assertThat(data.containsKey("drainer.failed")).isFalse();

        JsonObject after = check(readiness(), "quic-servers");
        assertThat(after.getString("status")).as("the entry is gone: the drain no longer counts").isEqualTo("UP");
        assertThat(after.getJsonObject("data").keySet()).noneMatch(key -> key.startsWith("drainer."));
    }

    @Test
    void theJsonIsWhatAHealthEndpointServes() {
        SmallRyeHealthReporter reporter = container.select(SmallRyeHealthReporter.class).get();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        reporter.reportHealth(json, reporter.getReadiness());

        assertThat(json.toString(StandardCharsets.UTF_8)).isEqualToIgnoringWhitespace("{\"status\":\"UP\",\"checks\":[{\"name\":\"quic-servers\","
                + "\"status\":\"UP\",\"data\":{\"api.port\":" + Servers.api.boundPort() + ",\"api.connections\":0,\"edge.port\":"
                + Servers.edge.boundPort() + ",\"edge.connections\":0}}]}");
    }
}
