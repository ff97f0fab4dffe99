package dev.quicregistry.quarkus.deployment;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The tests' application server: a real UDP socket on loopback (no Netty), port 0. */
@ApplicationScoped
public class AlphaServer {

    @Produces
    @ApplicationScoped
    @NamedQuicServer(value = "alpha", port = 0)
    QuicServer alpha() {
        return new UdpTestServer();
    }
}
