package dev.quicregistry.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one secret rule (API.md, round 3) and the one set of argument checks, with the messages every module shows. */
class SecretsAndArgumentsTest {

    /** Every word of the rule, in any case and split by any of the separators it ignores. */
    @ParameterizedTest
    @ValueSource(strings = {"key-password", "PASSWORD", "db.passwd", "CLIENT_SECRET", "authToken", "api-key", "API_KEY",
            "apiKey", "x.api.key", "Credentials", "oauth.client-credential", "private-key", "PRIVATE_KEY", "auth",
            "basic-Auth", "to-ken", "pass_word", "s.e.c.r.e.t"})
    void keysThatContainASecretWordIgnoringCaseAndSeparatorsHoldSecrets(String key) {
        assertThat(Secrets.isSecretKey(key)).as(key).isTrue();
        assertThat(Secrets.shown(key, "hunter2")).isEqualTo("***");
        assertThat(Secrets.masked(Map.of(key, "hunter2"))).containsExactly(Map.entry(key, "***"));
        assertThat(Secrets.render(Map.of(key, "hunter2"))).isEqualTo("{" + key + "=***}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpn", "idle-timeout", "max-connections", "key", "cert", "host", "keyfile", "private", "api"})
    void otherKeysDoNot(String key) {
        assertThat(Secrets.isSecretKey(key)).as(key).isFalse();
        assertThat(Secrets.shown(key, "v")).isEqualTo("v");
    }

    @Test
    void eachWordOfTheRuleIsOneOfItsWords() {
        assertThat(Secrets.SECRET_WORDS).allSatisfy(word -> assertThat(Secrets.isSecretKey(word)).isTrue());
        assertThat(Secrets.SECRET_WORDS)
                .containsExactly("password", "passwd", "secret", "token", "apikey", "credential", "privatekey", "auth");
    }

    @Test
    void renderingAndMaskingShowEverySecretAsThreeStars() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("alpn", "h3");
        options.put("key-password", "hunter2");

        assertThat(Secrets.render(options)).isEqualTo("{alpn=h3, key-password=***}");
        assertThat(Secrets.masked(options)).containsExactlyInAnyOrderEntriesOf(Map.of("alpn", "h3", "key-password", "***"));
        assertThat(Secrets.shown("token", "abc")).isEqualTo(Secrets.MASK);
    }

    @Test
    void optionsWithoutASecretAreCopiedOnlyWhereTheyCanStillChange() {
        Map<String, String> unmodifiable = Map.of("alpn", "h3", "idle-timeout", "30s");
        Map<String, String> mutable = new HashMap<>(unmodifiable);

        Map<String, Object> fromMutable = Secrets.masked(mutable);
        mutable.put("alpn", "changed");

        assertThat(Secrets.masked(unmodifiable)).isSameAs(unmodifiable);
        assertThat(fromMutable).containsExactlyInAnyOrderEntriesOf(Map.of("alpn", "h3", "idle-timeout", "30s"));
        assertThatThrownBy(() -> fromMutable.put("alpn", "h2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aUriIsShownWithItsCredentialsAndSecretQueryParametersMasked() {
        URI uri = URI.create("wss://user:pw@feed.example:8443/prices?symbol=EUR&token=abc&api_key=k1&apiKey=k2&plain");

        assertThat(Secrets.masked(uri))
                .isEqualTo("wss://***@feed.example:8443/prices?symbol=EUR&token=***&api_key=***&apiKey=***&plain");
        assertThat(Secrets.masked(URI.create("ws://127.0.0.1:1/x"))).isEqualTo("ws://127.0.0.1:1/x");
    }

    @Test
    void aUriKeepsEveryPartThatIsNoSecretAsItWas() {
        assertThat(Secrets.masked(URI.create("ws://127.0.0.1:0/x"))).isEqualTo("ws://127.0.0.1:0/x");
        assertThat(Secrets.masked(URI.create("ws://127.0.0.1/x"))).isEqualTo("ws://127.0.0.1/x");
        assertThat(Secrets.masked(URI.create("mailto:user:pw@example.com"))).isEqualTo("mailto:***");
        // only a named parameter's value is masked: a name alone, or a value without a name, stays
        assertThat(Secrets.masked(URI.create("ws://h/x?token&=token&=key&a=b"))).isEqualTo("ws://h/x?token&=token&=key&a=b");
    }

    @Test
    void durationsAndCountsAreCheckedNamingTheParameterAndWhatWasExpected() {
        assertThat(Arguments.positive(Duration.ofMillis(1), "pingTimeout")).isEqualTo(Duration.ofMillis(1));
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.positive(Duration.ZERO, "pingTimeout"))
                .withMessage("pingTimeout=PT0S is not valid: expected a positive duration");
        assertThatNullPointerException().isThrownBy(() -> Arguments.positive(null, "pingTimeout"))
                .withMessage("pingTimeout must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.atLeast(0, 1, "maxConnections"))
                .withMessage("maxConnections=0 is not valid: expected at least 1");
        assertThat(Arguments.atLeast(7, 1, "maxConnections")).isEqualTo(7);
        assertThat(Arguments.atLeast(1, 1, "maxConnections")).isEqualTo(1);
        assertThat(Arguments.notNegative(Duration.ZERO, "grace")).isEqualTo(Duration.ZERO);
        assertThat(Arguments.notNegative(Duration.ofSeconds(5), "grace")).isEqualTo(Duration.ofSeconds(5));
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.notNegative(Duration.ofNanos(-1), "grace"))
                .withMessage("grace=PT-0.000000001S is not valid: expected zero or a positive duration");
        assertThatNullPointerException().isThrownBy(() -> Arguments.notNegative(null, "grace"))
                .withMessage("grace must not be null");
    }

    @Test
    void aPortIsInItsRangeWithBothEndsIncluded() {
        assertThat(Arguments.port(1, 1, "port")).isEqualTo(1);
        assertThat(Arguments.port(65535, 1, "port")).isEqualTo(65535);
        assertThat(Arguments.port(0, 0, "port")).isZero();
        assertThat(Arguments.port(4433, 0, "port")).isEqualTo(4433);
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.port(0, 1, "port"))
                .withMessage("port=0 is not a port (1..65535)");
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.port(65536, 0, "quic.server.api.port"))
                .withMessage("quic.server.api.port=65536 is not a port (0..65535)");
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.port(-1, 0, "port"))
                .withMessage("port=-1 is not a port (0..65535)");
    }

    @Test
    void optionsAreCopiedAndANullKeyOrValueIsNamed() {
        Map<String, String> withNullValue = new HashMap<>();
        withNullValue.put("alpn", null);
        Map<String, String> withNullKey = new HashMap<>();
        withNullKey.put(null, "h3");

        assertThat(Arguments.copyOptions(Map.of("alpn", "h3"), "options")).containsExactly(Map.entry("alpn", "h3"));
        assertThatNullPointerException().isThrownBy(() -> Arguments.copyOptions(withNullValue, "options"))
                .withMessage("options must not contain a null value (key 'alpn')");
        assertThatNullPointerException().isThrownBy(() -> Arguments.copyOptions(withNullKey, "options"))
                .withMessage("options must not contain a null key");
        assertThatNullPointerException().isThrownBy(() -> Arguments.copyOptions(null, "options"))
                .withMessage("options must not be null");
    }
}
