package dev.quicregistry.cdi;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** An application of one server, "alpha" (a real UDP socket), for the tests that need no more. */
@ApplicationScoped
class AlphaServer {

    @Produces
    @ApplicationScoped
    @NamedQuicServer("alpha")
    QuicServer alpha() {
        return new UdpTestServer();
    }
}
