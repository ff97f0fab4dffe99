package dev.quicregistry.cdi;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** An application of one server, "api" (a real UDP socket), for the tests that need no more. */
@ApplicationScoped
class ApiServer {

    @Produces
    @ApplicationScoped
    @NamedQuicServer("api")
    QuicServer api() {
        return new UdpTestServer();
    }
}
