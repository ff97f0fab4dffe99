package dev.quicregistry.wildfly.app;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The deployed application's QUIC server (these classes go into the WAR the test assembles, not
 * on the test's class path at run time): host, port, ALPN and certificate come from WildFly's
 * MicroProfile Config (system properties of the server).
 */
@ApplicationScoped
public class EchoServers {

    @Produces
    @ApplicationScoped
    @NamedQuicServer(value = "echo", port = 0)
    NettyQuicServer echo() {
        return NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).build();
    }
}
