package dev.quicregistry.samples;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The sample's two QUIC servers, as an application declares them: a producer method per server,
 * named with {@code @NamedQuicServer}. The code says what each server does with a stream and which
 * certificate it presents (the sample's own, made at start; production configures
 * {@code quic.server.<name>.cert} and {@code .key} instead); host, port and ALPN come from
 * {@code META-INF/microprofile-config.properties}, and the quic-registry extension starts,
 * registers and closes them.
 */
@ApplicationScoped
class SampleServers {

    @Inject
    SampleCertificate certificate;

    /** The name of the server that writes back what it receives. */
    static final String ECHO = "echo";
    /** The name of the server that answers each request in upper case. */
    static final String UPPER = "upper";

    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    @Produces
    @ApplicationScoped
    @NamedQuicServer(ECHO)
    QuicServer echo() {
        return NettyQuicServer.builder().streamHandler(StreamHandlers.echo())
                .certificate(certificate.certificatePem(), certificate.privateKeyPem())
                .build();
    }

    @Produces
    @ApplicationScoped
    @NamedQuicServer(UPPER)
    QuicServer upperCase() {
        return NettyQuicServer.builder()
                .streamHandler(StreamHandlers.requestReply(MAX_REQUEST_BYTES, SampleServers::toUpperCase))
                .certificate(certificate.certificatePem(), certificate.privateKeyPem())
                .build();
    }

    private static byte[] toUpperCase(byte[] request) {
        return new String(request, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }
}
