package dev.quicregistry.netty.server;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.testing.TestCertificates;
import java.io.IOException;

/** Echo servers for the binding's tests (server and client), with a CA-issued certificate from PEM files. */
public final class TestServers {

    public static final String ALPN = "echo";

    private TestServers() {
    }

    public static NettyQuicServer.Builder echo(TestCertificates certificates) {
        return NettyQuicServer.builder()
                .streamHandler(StreamHandlers.echo())
                .alpn(ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem());
    }

    public static NettyQuicServer startedEcho(TestCertificates certificates) throws IOException {
        NettyQuicServer server = echo(certificates).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        return server;
    }
}
