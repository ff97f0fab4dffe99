package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.quarkus.runtime.QuicRegistryConfig;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.config.WithName;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keys Quarkus documents ({@link QuicRegistryConfig}) are the component's ({@link ConfigKeys}),
 * and an application's values read through the mapping are the ones the component started with.
 */
class ConfigurationMappingTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AlphaServer.class))
            .overrideConfigKey("quic.server.alpha.host", "127.0.0.1")
            .overrideConfigKey("quic.server.alpha.idle-timeout", "PT5S");

    @Inject
    QuicRegistryConfig config;

    @Test
    void theApplicationsValuesReadThroughTheMapping() {
        QuicRegistryConfig.Server alpha = config.servers().get("alpha");

        assertThat(alpha.host()).hasValue("127.0.0.1");
        assertThat(alpha.options()).containsEntry("idle-timeout", "PT5S");
        assertThat(config.registry().zookeeper().connect()).isEmpty();
    }

    @Test
    void everyKeyOfTheComponentIsDocumentedAndNoOther() {
        List<String> server = keys(QuicRegistryConfig.Server.class);
        List<String> expectedServer = new ArrayList<>(ConfigKeys.SERVER_PROPERTIES);
        expectedServer.remove(ConfigKeys.BOUND_PORT); // written by the extension: documented with the options
        assertThat(server).containsExactlyInAnyOrderElementsOf(expectedServer);

        List<String> directory = keys(QuicRegistryConfig.ZooKeeper.class).stream().map(key -> ConfigKeys.DIRECTORY_PREFIX + key).toList();
        assertThat(directory).containsExactlyInAnyOrderElementsOf(ConfigKeys.DIRECTORY_KEYS);
    }

    /** The keys a mapping group declares (the options map, whose keys are free, left out). */
    private static List<String> keys(Class<?> group) {
        List<String> keys = new ArrayList<>();
        for (Method method : group.getDeclaredMethods()) {
            if (method.getName().equals("options")) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            keys.add(named != null ? named.value() : method.getName());
        }
        return keys;
    }
}
