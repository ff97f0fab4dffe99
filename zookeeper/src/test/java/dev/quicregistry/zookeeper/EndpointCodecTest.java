package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.quicregistry.api.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An endpoint as Curator discovery's JSON, both ways; data that is no endpoint is refused saying why. */
class EndpointCodecTest {

    private final EndpointCodec codec = new EndpointCodec();

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEndpointSurvivesTheRoundTripWithItsAttributes() throws Exception {
        ServerEndpoint endpoint = new ServerEndpoint("api", "jvm-1", "127.0.0.1", 4433, Map.of("alpn", "h3", "zone", "a"),
                Instant.ofEpochMilli(1_764_900_000_000L));

        assertThat(codec.decode(codec.encode(endpoint))).isEqualTo(endpoint);
    }

    @Test
    void whatBareCuratorDiscoveryWritesIsAnEndpointItsPayloadTheAttributes() {
        ServerEndpoint read = codec.decode(json("{\"name\":\"api\",\"id\":\"i\",\"address\":\"api.invalid\",\"port\":7,"
                + "\"registrationTimeUTC\":5,\"serviceType\":\"DYNAMIC\",\"payload\":{\"alpn\":\"h3\",\"weight\":3}}"));

        assertThat(read).isEqualTo(new ServerEndpoint("api", "i", "api.invalid", 7, Map.of("alpn", "h3", "weight", "3"),
                Instant.ofEpochMilli(5)));
    }

    @Test
    void anInstanceWithoutPayloadHasNoAttributes() {
        ServerEndpoint read = codec.decode(json("{\"name\":\"api\",\"id\":\"i\",\"address\":\"h\",\"port\":7,"
                + "\"registrationTimeUTC\":5,\"serviceType\":\"DYNAMIC\"}"));

        assertThat(read.attributes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"api\",\"id\":\"i\",\"port\":7,\"registrationTimeUTC\":5}",
            "{\"name\":\"api\",\"id\":\"i\",\"address\":\"h\",\"registrationTimeUTC\":5}"})
    void anInstanceWithoutAddressOrPortIsNoEndpoint(String data) {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json(data)))
                .withMessage("a service instance without address or port");
    }

    @Test
    void dataThatIsNotJsonIsNoEndpointAndTheMessageSaysSo() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json("{ not json")))
                .withMessageStartingWith("not a Curator service instance (JSON): ");
    }

    @Test
    void anInstanceWhoseFieldsNoEndpointCanHaveIsRefusedByTheEndpointsOwnRule() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json("{\"name\":\"api\",\"id\":\"i\","
                        + "\"address\":\"h\",\"port\":0,\"registrationTimeUTC\":5}")))
                .withMessage("port=0 is not a port (1..65535)");
    }
}
