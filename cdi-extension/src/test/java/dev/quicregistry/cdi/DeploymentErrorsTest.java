package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad configuration and unknown servers fail the deployment with a message naming the property and its value. */
class DeploymentErrorsTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    @ApplicationScoped
    static class Servers {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer api() {
            return new UdpTestServer();
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("admin")
        QuicServer admin() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    static class WantsUnknownServer {
        @Inject
        @NamedQuicServer("nosuch")
        ServerInfo unknown;
    }

    @Test
    void aPortAboveTheRangeIsADeploymentErrorNamingThePropertyAndValue() {
        config.loopback("api", "admin").set("quic.server.api.port", "70000");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.api.port=70000 is not a port (0..65535)");
    }

    @Test
    void aPortThatIsNotAnIntegerIsADeploymentErrorNamingThePropertyAndValue() {
        config.loopback("api", "admin").set("quic.server.api.port", "https");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.api.port=https is not a port (0..65535)");
    }

    @Test
    void aNegativePortIsADeploymentError() {
        config.loopback("api", "admin").set("quic.server.api.port", "-1");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.api.port=-1 is not a port (0..65535)");
    }

    @Test
    void aHostThatDoesNotResolveIsADeploymentErrorNamingThePropertyAndValue() {
        // The .invalid top-level domain never resolves (RFC 6761): the lookup fails at once, nothing is contacted.
        config.loopback("admin").set("quic.server.api.host", "nowhere.invalid");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.api.host=nowhere.invalid does not resolve");
    }

    @Test
    void anEnabledFlagThatIsNotABooleanIsADeploymentError() {
        config.loopback("api", "admin").set("quic.server.api.enabled", "yes");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.api.enabled=yes is not a boolean (true or false)");
    }

    @Test
    void aDrainTimeoutThatIsNotADurationIsADeploymentErrorNamingThePropertyTheValueAndWhatIsExpected() {
        config.loopback("api", "admin").set("quic.server.api.drain-timeout", "soon");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.api.drain-timeout=soon is not 0 (close at once) or a positive duration: "
                        + "ISO-8601 such as PT30S or PT0.5S, whole seconds such as 30, or with a unit such as 30s or 500ms");
    }

    @Test
    void aNegativeDrainTimeoutIsADeploymentError() {
        config.loopback("api", "admin").set("quic.server.admin.drain-timeout", "-PT5S");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.admin.drain-timeout=-PT5S is not 0 (close at once) or a positive duration");
    }

    @Test
    void everyConfigurationProblemIsReportedAtOnceAndNothingIsStarted() {
        config.set("quic.server.api.port", "70000").set("quic.server.admin.host", "nowhere.invalid");
        assertThat(deploymentError(Servers.class))
                .contains("quic.server.api.port=70000 is not a port (0..65535)")
                .contains("quic.server.admin.host=nowhere.invalid does not resolve");
    }

    @Test
    void injectingTheServerInfoOfAnUnknownServerIsAnUnsatisfiedDependency() {
        config.loopback("api", "admin");
        // Weld: "Unsatisfied dependencies for type ServerInfo with qualifiers @NamedQuicServer(...)";
        // OpenWebBeans: "UnsatisfiedResolutionException: Api type [...ServerInfo] is not found with the qualifiers"
        assertThat(deploymentError(Servers.class, WantsUnknownServer.class))
                .containsPattern("Unsatisfied dependencies|UnsatisfiedResolutionException")
                .contains("ServerInfo")
                .contains("NamedQuicServer")
                .contains(WantsUnknownServer.class.getSimpleName())
                .contains("unknown");
    }

    /** Boots a container that must fail with a deployment problem; returns everything reported. */
    private static String deploymentError(Class<?>... beans) {
        BootFailure failure = Containers.failedBoot(beans);
        assertThat(failure.isDeploymentError()).as("a deployment problem, reported as " + failure).isTrue();
        return failure.reported();
    }
}
