package dev.quicregistry.quarkus.deployment;

import java.util.Optional;

/**
 * Whether the application's Netty can run the QUIC binding: quic-registry-netty needs Netty 4.2,
 * and Quarkus' BOM says 4.1. Imported in the wrong order, the BOMs give a class path with the QUIC
 * codec of 4.2 and the rest of Netty at 4.1, which builds and then fails at start-up deep in Netty
 * ({@code NoSuchFieldError: defaultEndpointVerificationAlgorithm}); this says so at build time.
 */
final class NettyAlignment {

    /** A class of Netty's QUIC codec: the binding is on the class path. */
    static final String QUIC_CODEC = "io/netty/handler/codec/quic/QuicChannel.class";
    /** A class only Netty 4.2's netty-common has. */
    static final String NETTY_42_COMMON = "io/netty/util/internal/CleanerJava24Linker.class";

    private NettyAlignment() {
    }

    /** What is wrong with the Netty that {@code application} sees; empty where nothing is. */
    static Optional<String> problem(ClassLoader application) {
        if (application.getResource(QUIC_CODEC) == null || application.getResource(NETTY_42_COMMON) != null) {
            return Optional.empty();
        }
        return Optional.of("quic-registry-netty needs Netty 4.2, but the application's netty-common is older (Quarkus' BOM"
                + " manages Netty 4.1): import dev.quicregistry:quic-registry-bom before io.quarkus:quarkus-bom in"
                + " <dependencyManagement>, as docs/quarkus.md shows");
    }
}
