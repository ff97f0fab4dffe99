package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The build-time check of the application's Netty, on class loaders that hold some of its classes. */
class NettyAlignmentTest {

    @Test
    void theQuicCodecBesideNetty41IsAProblemThatSaysWhichBomGoesFirst() {
        assertThat(NettyAlignment.problem(holding(NettyAlignment.QUIC_CODEC)))
                .hasValueSatisfying(problem -> assertThat(problem).contains("quic-registry-bom before io.quarkus:quarkus-bom"));
    }

    @Test
    void theQuicCodecBesideNetty42OrNoQuicCodecAtAllIsNone() {
        assertThat(NettyAlignment.problem(holding(NettyAlignment.QUIC_CODEC, NettyAlignment.NETTY_42_COMMON))).isEmpty();
        assertThat(NettyAlignment.problem(holding(NettyAlignment.NETTY_42_COMMON))).isEmpty();
        assertThat(NettyAlignment.problem(holding())).isEmpty();
    }

    /** A class loader that has these resources and nothing else. */
    private static ClassLoader holding(String... resources) {
        Set<String> held = Set.of(resources);
        return new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                return held.contains(name) ? NettyAlignmentTest.class.getResource("NettyAlignmentTest.class") : null;
            }
        };
    }
}
