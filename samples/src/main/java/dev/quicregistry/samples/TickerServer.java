package dev.quicregistry.samples;

import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A QUIC server that answers "subscribe topic" on a stream with "subscribed to topic", started and
 * registered by code rather than by the extension, since the sample restarts it: a server starts
 * at most once, so a restart is a new server under the same name.
 */
final class TickerServer {

    static final String ALPN = "ticker";

    private TickerServer() {
    }

    /** Starts one on 127.0.0.1 on an ephemeral port and registers it as {@code name}. */
    static NettyQuicServer startAndRegister(QuicServerRegistry servers, String name, SampleCertificate certificate)
            throws IOException {
        NettyQuicServer server = NettyQuicServer.builder()
                .streamHandler(StreamHandlers.requestReply(1024, TickerServer::answer))
                .alpn(ALPN)
                .certificate(certificate.certificatePem(), certificate.privateKeyPem())
                .build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        // the bound port, as the CDI extension does: every event and lookup carries the real port from the start
        servers.register(name, server, server.boundPort(), Map.of("alpn", ALPN));
        return server;
    }

    private static byte[] answer(byte[] request) {
        String text = new String(request, StandardCharsets.UTF_8);
        String reply = text.startsWith("subscribe ") ? "subscribed to " + text.substring("subscribe ".length())
                : "unknown request: " + text;
        return reply.getBytes(StandardCharsets.UTF_8);
    }
}
