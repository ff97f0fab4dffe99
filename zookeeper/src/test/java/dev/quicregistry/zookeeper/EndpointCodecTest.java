package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.quicregistry.api.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"api\",\"id\":\"i\",\"port\":7,\"registrationTimeUTC\":5}|no address",
            "{\"name\":\"api\",\"id\":\"i\",\"address\":\"h\",\"registrationTimeUTC\":5}|no port",
            "{\"name\":\"api\",\"id\":null,\"address\":\"h\",\"port\":7,\"registrationTimeUTC\":5}|no id",
            "{\"id\":\"i\",\"address\":\"h\",\"port\":7,\"registrationTimeUTC\":5}|no name"})
    void anInstanceWithoutAFieldAnEndpointNeedsIsNoEndpointAndTheMessageNamesIt(String data, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json(data))).withMessageStartingWith(message);
    }

    @Test
    void dataThatIsNotJsonIsNoEndpointAndTheMessageSaysSo() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json("{ not json")))
                .withMessageStartingWith("not a Curator service instance of an endpoint: ");
    }

    @Test
    void dataLargerThanAnEndpointsIsRefusedBeforeItIsParsed() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(new byte[EndpointCodec.MAX_DATA_BYTES + 1]))
                .withMessage("4097 bytes of data, more than an endpoint's 4096");
    }

    @Test
    void anInstanceWhoseFieldsNoEndpointCanHaveIsRefusedByTheEndpointsOwnRule() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json("{\"name\":\"api\",\"id\":\"i\","
                        + "\"address\":\"h\",\"port\":0,\"registrationTimeUTC\":5}")))
                .withMessage("port=0 is not a port (1..65535)");
    }

    @Test
    void aPayloadNamingAClassMakesNothingOfItAndIsReadAsData() {
        ServerEndpoint read = codec.decode(json("{\"name\":\"api\",\"id\":\"i\",\"address\":\"h\",\"port\":7,"
                + "\"registrationTimeUTC\":5,\"payload\":{\"@class\":\"" + Gadget.class.getName() + "\",\"alpn\":\"h3\"}}"));

        assertThat(Gadget.made).as("instances of the class the payload names").isZero();
        assertThat(read.attributes()).containsExactly(java.util.Map.entry("alpn", "h3"));
    }

    @Test
    void anAddressThatIsNoHostNameOrIpAddressAndTooManyAttributesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json("{\"name\":\"api\",\"id\":\"i\","
                        + "\"address\":\"evil host\\nSEVERE: forged\",\"port\":7,\"registrationTimeUTC\":5}")))
                .withMessage("address is not a host name or IP address");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= EndpointCodec.MAX_ATTRIBUTES; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json("{\"name\":\"api\",\"id\":\"i\","
                        + "\"address\":\"h\",\"port\":7,\"registrationTimeUTC\":5,\"payload\":{" + many + "}}")))
                .withMessage("more than 32 attributes");
    }

    @Test
    void aMessageAboutForeignDataHasNoLineBreakAndABoundedLength() {
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json("{\"name\":\"api\\nSEVERE: forged\","
                        + "\"id\":\"i\",\"address\":\"h\",\"port\":7,\"registrationTimeUTC\":5}")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThanOrEqualTo(EndpointCodec.MAX_MESSAGE + 3));
    }

    @Test
    void theBoundsOfDataAddressAndMessagesAreInclusive() throws Exception {
        String endpoint = "{\"name\":\"api\",\"id\":\"i\",\"address\":\"h\",\"port\":7,\"registrationTimeUTC\":5}";
        String padded = endpoint + " ".repeat(EndpointCodec.MAX_DATA_BYTES - endpoint.length());
        assertThat(codec.decode(json(padded)).host()).as("exactly 4096 bytes").isEqualTo("h");
        String longest = "a".repeat(253);
        assertThat(codec.decode(json(endpoint.replace("\"h\"", "\"" + longest + "\""))).host()).isEqualTo(longest);
        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(json(endpoint.replace("\"h\"", "\"" + longest + "a\""))))
                .withMessage("address is not a host name or IP address");
        assertThat(EndpointCodec.printable("x".repeat(EndpointCodec.MAX_MESSAGE))).isEqualTo("x".repeat(EndpointCodec.MAX_MESSAGE));
        assertThat(EndpointCodec.printable("x".repeat(EndpointCodec.MAX_MESSAGE + 1)))
                .isEqualTo("x".repeat(EndpointCodec.MAX_MESSAGE) + "...");
    }

    /** A class with a side effect in its constructor: the payload must never make one. */
    public static final class Gadget {
        static int made;

        public Gadget() {
            made++;
        }

        public void setAlpn(String alpn) {
            made++;
        }
    }
}
