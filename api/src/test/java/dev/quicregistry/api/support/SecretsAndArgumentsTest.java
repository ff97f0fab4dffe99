package dev.quicregistry.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one secret rule and the one set of argument checks, with the messages every module shows. */
class SecretsAndArgumentsTest {

    @Test
    void keysNamingAPasswordASecretOrATokenInAnyCaseHoldSecrets() {
        assertThat(Secrets.isSecretKey("key-password")).isTrue();
        assertThat(Secrets.isSecretKey("CLIENT_SECRET")).isTrue();
        assertThat(Secrets.isSecretKey("authToken")).isTrue();
        assertThat(Secrets.isSecretKey("alpn")).isFalse();
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
    void aUriIsShownWithItsCredentialsAndSecretQueryParametersMasked() {
        URI uri = URI.create("wss://user:pw@feed.example:8443/prices?symbol=EUR&token=abc&api_key=k1&apiKey=k2&plain");

        assertThat(Secrets.masked(uri))
                .isEqualTo("wss://***@feed.example:8443/prices?symbol=EUR&token=***&api_key=***&apiKey=***&plain");
        assertThat(Secrets.masked(URI.create("ws://127.0.0.1:1/x"))).isEqualTo("ws://127.0.0.1:1/x");
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
    }
}
