package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The server's Initial protection against the sample packet of RFC 9001, Appendix A.3 (keys of A.1). */
class InitialKeysTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theServerInitialOfRfc9001AppendixA3IsSealedByteForByte() {
        byte[] clientDestinationId = HEX.parseHex("8394c8f03e515708");
        byte[] header = HEX.parseHex("c1000000010008f067a5502a4262b50040750001");
        byte[] payload = HEX.parseHex("02000000000600405a020000560303ee" + "fce7f7b37ba1d1632e96677825ddf739"
                + "88cfc79825df566dc5430b9a045a1200" + "130100002e00330024001d00209d3c94"
                + "0d89690b84d08a60993c144eca684d10" + "81287c834d5311bcf32bb9da1a002b00" + "020304");

        byte[] sealed = InitialKeys.server(clientDestinationId).seal(header, 2, 1, payload);

        assertThat(HEX.formatHex(sealed)).isEqualTo("cf000000010008f067a5502a4262b500" + "4075c0d95a482cd0991cd25b0aac406a"
                + "5816b6394100f37a1c69797554780bb3" + "8cc5a99f5ede4cf73c3ec2493a1839b3"
                + "dbcba3f6ea46c5b7684df3548e7ddeb9" + "c3bf9c73cc3f3bded74b562bfb19fb84"
                + "022f8ef4cdd93795d77d06edbb7aaf2f" + "58891850abbdca3d20398c276456cbc4" + "2158407dd074ee");
    }
}
