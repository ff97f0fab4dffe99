package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MicroProfile Config API without an implementation: {@code ConfigProvider.getConfig()} throws
 * (as it does where the ServiceLoader finds no resolver; simulated here with a resolver that has no
 * config; SmallRye Config's own CDI extension, which would fail first, is left out). A server then
 * fails the deployment with one message that says what is missing; an application without servers
 * still gets its registries.
 */
class MissingConfigImplementationTest {

    private static final String NO_IMPLEMENTATION = "No ConfigProviderResolver implementation found!";

    private ConfigProviderResolver original;

    /** A container of {@code beanClasses} without SmallRye Config's CDI extension, which needs a config at deployment. */
    private static SeContainerInitializer initializer(Class<?>... beanClasses) {
        return Containers.IMPLEMENTATION.ignoringServiceListedExtension(
                Containers.initializer(new QuicRegistryExtension(), beanClasses), "io.smallrye.config.inject.ConfigExtension");
    }

    /** A server and a bean that injects its ServerInfo. */
    @ApplicationScoped
    static class ApiClient {
        @Inject
        @NamedQuicServer("api")
        ServerInfo api;
    }

    @ApplicationScoped
    static class NoServers {
    }

    @BeforeEach
    void withoutAConfigImplementation() {
        original = ConfigProviderResolver.instance();
        ConfigProviderResolver.setInstance(new NoConfigResolver());
    }

    @AfterEach
    void restoreTheConfigImplementation() {
        ConfigProviderResolver.setInstance(original);
    }

    @Test
    void aServerFailsTheDeploymentWithOneMessageNamingTheServersAndWhatIsMissing() {
        BootFailure failure = Containers.failedBoot(initializer(ApiServer.class, AlphaServer.class, ApiClient.class));

        assertThat(failure.isDeploymentError()).as("a deployment problem, reported as " + failure).isTrue();
        assertThat(failure.reported())
                .contains("no MicroProfile Config implementation is available (add one such as SmallRye Config)"
                        + " to configure the QUIC servers [alpha, api]: java.lang.IllegalStateException: " + NO_IMPLEMENTATION)
                .as("each server's ServerInfo bean exists: the missing implementation is the only problem")
                .doesNotContainPattern("Unsatisfied|unsatisfied");
    }

    @Test
    void withoutServersTheRegistriesStillWork() {
        try (SeContainer container = initializer(NoServers.class).initialize()) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).isEmpty();
            assertThat(container.select(ConnectionRegistry.class).isResolvable()).isTrue();
        }
    }

    /** A resolver whose config cannot be had, as ConfigProvider behaves where no implementation is found. */
    private static final class NoConfigResolver extends ConfigProviderResolver {

        @Override
        public Config getConfig() {
            throw new IllegalStateException(NO_IMPLEMENTATION);
        }

        @Override
        public Config getConfig(ClassLoader loader) {
            throw new IllegalStateException(NO_IMPLEMENTATION);
        }

        @Override
        public ConfigBuilder getBuilder() {
            throw new IllegalStateException(NO_IMPLEMENTATION);
        }

        @Override
        public void registerConfig(Config config, ClassLoader classLoader) {
            throw new IllegalStateException(NO_IMPLEMENTATION);
        }

        @Override
        public void releaseConfig(Config config) {
            throw new IllegalStateException(NO_IMPLEMENTATION);
        }
    }
}
