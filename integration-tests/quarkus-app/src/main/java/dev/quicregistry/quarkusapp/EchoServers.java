package dev.quicregistry.quarkusapp;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The application's QUIC server: only the stream handler is code; host, port, ALPN and certificate are configuration. */
@ApplicationScoped
public class EchoServers {

    @Produces
    @ApplicationScoped
    @NamedQuicServer(value = "echo", port = 0)
    NettyQuicServer echo() {
        return NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).build();
    }
}
