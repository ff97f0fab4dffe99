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
 * {@code quic.server.<name>.drain-timeout} in a Quarkus application: at shutdown the server that has
 * one is drained (observers see it draining, then its entry leave as DRAINED), the one without is
 * closed as before (its entry leaves as TERMINATED, as under Weld and OpenWebBeans), both in reverse
 * start order.
 */
@QuarkusMainTest
@TestProfile(ShutdownDrainTest.BetaDrains.class)
class ShutdownDrainTest {

    /** Gives server "beta" a drain timeout; "alpha" has none. */
    public static class BetaDrains implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quic.server.beta.drain-timeout", "2s");
        }
    }

    @Test
    @Launch({})
    void theServerWithADrainTimeoutIsDrainedAtShutdownAndTheOtherClosedInReverseStartOrder(LaunchResult result) {
        List<String> lines = result.getOutputStream();

        assertThat(lines).filteredOn(line -> line.startsWith("observed: ") || line.startsWith("main: "))
                .containsExactly("observed: registered alpha", "observed: registered beta", "main: running [alpha, beta]",
                        "observed: draining beta", "observed: unregistered beta", "observed: unregistered alpha");
        assertThat(lines).filteredOn(line -> line.startsWith("beta drains")).containsExactly("beta drains with grace PT2S");
        assertThat(lines).filteredOn(line -> line.startsWith("reason: "))
                .containsExactly("reason: beta DRAINED", "reason: alpha TERMINATED");
        assertThat(ApplicationLaunchTest.boundPorts(lines)).hasSize(2)
                .allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
    }
}
