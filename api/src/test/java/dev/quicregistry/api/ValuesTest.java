package dev.quicregistry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    private static final Instant AT = Instant.parse("2026-11-20T00:00:00Z");
    private static final QuicServer SERVER = new InertServer();

    @Test
    void serverEndpointsValidateCopyAndRefuseSecretAttributes() {
        Map<String, String> attributes = new HashMap<>(Map.of("alpn", "h3"));
        ServerEndpoint endpoint = new ServerEndpoint("api", "jvm-1/api", "127.0.0.1", 4433, attributes, AT);
        attributes.put("alpn", "changed");

        assertThat(endpoint.attributes()).containsExactly(Map.entry("alpn", "h3"));
        assertThat(new EndpointAdded(endpoint).endpoint()).isSameAs(endpoint);
        assertThatThrownBy(() -> new ServerEndpoint("api", "i", "127.0.0.1", 0, Map.of(), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port=0 is not a port (1..65535)");
        assertThatThrownBy(() -> new ServerEndpoint("no spaces", "i", "127.0.0.1", 1, Map.of(), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces");
        assertThatThrownBy(() -> new ServerEndpoint("api", " ", "127.0.0.1", 1, Map.of(), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instanceId");
        assertThatThrownBy(() -> new ServerEndpoint("api", "i", "127.0.0.1", 1, Map.of("key-password", "x"), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'key-password' names a secret (it contains one of [password, passwd");
        assertThatThrownBy(() -> new EndpointRemoved(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void serverSettingsValidateAndCopy() {
        Map<String, String> options = new HashMap<>(Map.of("alpn", "h3"));
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, options);
        options.put("alpn", "changed");

        assertThat(settings.options()).containsExactly(Map.entry("alpn", "h3"));
        assertThatThrownBy(() -> settings.options().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 70000, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port=70000 is not a port (0..65535)");
        assertThatThrownBy(() -> new ServerSettings(" ", 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> new ServerSettings(null, 1, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> new ServerSettings("h", 1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "db.PASSWORD", "clientSecret", "secret", "token", "auth-token"})
    void secretOptionValuesAreMaskedInToString(String key) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("alpn", "h3");
        options.put(key, "hunter2");
        ServerSettings settings = new ServerSettings("127.0.0.1", 1, options);
        ServerInfo info = new ServerInfo("api", SERVER, 1, Map.copyOf(options), AT);

        assertThat(settings.toString()).contains(key + "=***").contains("alpn=h3").doesNotContain("hunter2");
        assertThat(info.toString()).contains(key + "=***").contains("alpn=h3").doesNotContain("hunter2");
        assertThat(new ServerRegistered(info).toString()).doesNotContain("hunter2").contains(key + "=***");
        assertThat(new ServerUnregistered(info, ServerUnregistered.Reason.TERMINATED).toString())
                .doesNotContain("hunter2");
        assertThat(settings.options()).containsEntry(key, "hunter2");
    }

    @Test
    void serverInfoValidatesNamePortAndOptions() {
        assertThatThrownBy(() -> new ServerInfo("bad name", SERVER, 1, Map.of(), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> new ServerInfo("api", SERVER, -1, Map.of(), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port=-1 is not a port (0..65535)");
        assertThatThrownBy(() -> new ServerInfo("api", null, 1, Map.of(), AT))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("server");
        assertThatThrownBy(() -> new ServerInfo("api", SERVER, 1, Map.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("registeredAt");
        ServerInfo info = new ServerInfo("api", SERVER, 0, Map.of("a", 1), AT);
        assertThat(info.withPort(4433)).isEqualTo(new ServerInfo("api", SERVER, 4433, Map.of("a", 1), AT));
    }

    @Test
    void connectionIdsAreNonBlankValues() {
        assertThat(ConnectionId.of("x")).isEqualTo(new ConnectionId("x"));
        assertThat(ConnectionId.of("x").toString()).isEqualTo("x");
        assertThat(ConnectionId.random()).isNotEqualTo(ConnectionId.random());
        assertThatThrownBy(() -> ConnectionId.of(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> ConnectionId.of(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionId.of(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("value");
    }

    @Test
    void eventsRefuseMissingParts() {
        assertThatThrownBy(() -> new ServerRegistered(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ServerPortResolved("api", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port=0 is not a port (1..65535)");
        assertThatThrownBy(() -> new ConnectionReplaced(ConnectionId.of("x"), null, "b"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("previous");
        assertThatThrownBy(() -> new ConnectionRegistered(ConnectionId.of("x"), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("transport");
    }

    @Test
    void serverNamesFollowTheRule() {
        assertThat(ServerNames.isValid("api")).isTrue();
        assertThat(ServerNames.isValid("A1_b-2")).isTrue();
        assertThat(ServerNames.isValid("a".repeat(63))).isTrue();
        assertThat(ServerNames.isValid("a".repeat(64))).isFalse();
        assertThat(ServerNames.isValid("-a")).isFalse();
        assertThat(ServerNames.isValid(null)).isFalse();
        assertThatThrownBy(() -> ServerNames.requireValid("no.dots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no.dots'");
        assertThat(ServerNames.requireValid("zone")).isEqualTo("zone");
    }

    /** Each end of each range of [A-Za-z0-9] is in, the character just outside it is out (as the pattern says). */
    @ParameterizedTest
    @ValueSource(strings = {"a", "z", "A", "Z", "0", "9", "zone", "Zulu", "a9", "x_-"})
    void theEndsOfEachCharacterRangeAreValid(String name) {
        assertThat(ServerNames.isValid(name)).isTrue();
        assertThat(ServerNames.PATTERN.matcher(name).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"`", "{", "@", "[", "/", ":", "a`", "a{", "a@", "a[", "a/", "a:", "_a", "a b", "ä"})
    void theCharactersJustOutsideEachRangeAreNot(String name) {
        assertThat(ServerNames.isValid(name)).isFalse();
        assertThat(ServerNames.PATTERN.matcher(name).matches()).isFalse();
    }

    @Test
    void aConnectionIdHashesAsItsText() {
        assertThat(ConnectionId.of("abc").hashCode()).isEqualTo("abc".hashCode()).isEqualTo(new ConnectionId("abc").hashCode());
        assertThat(ConnectionId.of("abc")).isNotEqualTo("abc").isNotEqualTo(ConnectionId.of("abd"));
    }

    @Test
    void serverSettingsOfAHostAndPortHaveNoOptions() {
        assertThat(ServerSettings.of("127.0.0.1", 4433)).isEqualTo(new ServerSettings("127.0.0.1", 4433, Map.of()));
    }
}
