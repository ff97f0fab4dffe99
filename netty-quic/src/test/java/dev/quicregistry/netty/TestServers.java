package dev.quicregistry.netty;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.testing.TestCertificates;
import java.io.IOException;

/** Echo servers for tests, with a CA-issued certificate from PEM files. */
final class TestServers {

    static final String ALPN = "echo";

    private TestServers() {
    }

    static NettyQuicServer.Builder echo(TestCertificates certificates) {
        return NettyQuicServer.builder()
                .streamHandler(StreamHandlers.echo())
                .alpn(ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem());
    }

    static NettyQuicServer startedEcho(TestCertificates certificates) throws IOException {
        NettyQuicServer server = echo(certificates).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        return server;
    }
}
