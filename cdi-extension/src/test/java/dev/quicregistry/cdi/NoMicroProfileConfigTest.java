package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.QuicServerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import org.junit.jupiter.api.Test;

/**
 * An application without MicroProfile Config (neither API nor implementation: the build runs this
 * class alone, with both removed from the class path). A server then fails the deployment with one
 * message that says what is missing; an application without servers still gets its registries.
 */
class NoMicroProfileConfigTest {

    @ApplicationScoped
    static class NoServers {
    }

    @Test
    void theClassPathReallyHasNoMicroProfileConfig() {
        assertThatThrownBy(() -> Class.forName("org.eclipse.microprofile.config.ConfigProvider"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aServerFailsTheDeploymentWithOneMessageNamingWhatIsMissing() {
        BootFailure failure = Containers.failedBoot(ApiServer.class);

        assertThat(failure.isDeploymentError()).as("a deployment problem, reported as " + failure).isTrue();
        assertThat(failure.reported())
                .contains("no MicroProfile Config API on the class path (add an implementation such as SmallRye Config)"
                        + " to configure the QUIC servers [api]; missing: org/eclipse/microprofile/config/ConfigProvider")
                .doesNotContain("NoClassDefFoundError");
        assertThat(Containers.anyRunning()).isFalse();
    }

    @Test
    void withoutServersTheRegistriesStillWork() {
        try (SeContainer container = Containers.start(NoServers.class)) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).isEmpty();
        }
    }
}
