package dev.quicregistry.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.testing.Ports;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server that fails to start fails the application's start-up (exit code 1), and the server
 * started before it is rolled back: unregistered, its port free. The error's text (server, host:port,
 * cause) is Quarkus' to log and not in the output a launch test captures; the same text is asserted
 * under Weld and OpenWebBeans (cdi-extension's StartFailureTest), from the same code.
 */
@QuarkusMainTest
@TestProfile(FailedStartTest.BetaFails.class)
class FailedStartTest {

    /** Configures server "beta" to fail its start after binding. */
    public static class BetaFails implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quic.server.beta.fail-start", "true");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void theStartUpFailsAndNoPortStaysBound(LaunchResult result) {
        List<String> lines = result.getOutputStream();

        assertThat(lines).filteredOn(line -> line.startsWith("observed: ") || line.startsWith("main: "))
                .as("alpha started and was rolled back; beta was never registered; main never ran")
                .containsExactly("observed: registered alpha", "observed: unregistered alpha");
        assertThat(ApplicationLaunchTest.boundPorts(lines)).hasSize(1)
                .allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
    }
}
