package dev.quicregistry.quarkusapp;

import dev.quicregistry.api.QuicServerRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The application's REST side, beside the QUIC server: it reads the registry. */
@Path("/servers")
public class GreetingResource {

    @Inject
    QuicServerRegistry servers;

    @GET
    public String names() {
        return String.join(",", servers.names());
    }
}
