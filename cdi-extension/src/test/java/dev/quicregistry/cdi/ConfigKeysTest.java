package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.quicregistry.cdi.internal.ServerConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every key of {@link ConfigKeys} is the one the extension reads, and is documented in docs/cdi.md's table (and nothing else is). */
class ConfigKeysTest {

    private static final Path CDI_DOC = Path.of("..", "docs", "cdi.md");
    private static final Pattern TABLE_KEY = Pattern.compile("^\\| `(quic\\.[^`]+)`", Pattern.MULTILINE);

    @Test
    void theConfigurationTableOfDocsCdiListsExactlyTheKeysOfConfigKeys() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher matcher = TABLE_KEY.matcher(Files.readString(CDI_DOC));
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        Set<String> declared = new TreeSet<>(ConfigKeys.DIRECTORY_KEYS);
        ConfigKeys.SERVER_PROPERTIES.forEach(property -> declared.add(ConfigKeys.SERVER_PREFIX + "<name>." + property));
        declared.add(ConfigKeys.SERVER_PREFIX + "<name>.<anything else>");

        assertThat(documented).isEqualTo(declared);
    }

    @Test
    void aServerKeyIsBuiltFromAValidNameOnly() {
        assertThat(ConfigKeys.server("api", ConfigKeys.PORT)).isEqualTo("quic.server.api.port");
        assertThat(ServerConfigReader.key("api", ConfigKeys.BOUND_PORT)).isEqualTo("quic.server.api.bound-port");
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigKeys.server("a.b", ConfigKeys.PORT))
                .withMessageContaining("a.b");
    }

    @Test
    void theDirectoryKeysShareOnePrefix() {
        assertThat(ConfigKeys.DIRECTORY_KEYS).allSatisfy(key -> assertThat(key).startsWith(ConfigKeys.DIRECTORY_PREFIX))
                .contains("quic.registry.zookeeper.connect", "quic.registry.zookeeper.base-path",
                        "quic.registry.zookeeper.session-timeout", "quic.registry.zookeeper.advertised-host");
    }
}
