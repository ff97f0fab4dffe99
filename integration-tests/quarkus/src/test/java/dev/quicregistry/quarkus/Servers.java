package dev.quicregistry.quarkus;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.time.Duration;

/**
 * The application's servers, as a Quarkus user writes them. Quarkus 3 ships Netty 4.1 and the Netty
 * QUIC binding needs 4.2, so they are servers of the application's own: real UDP sockets. Server
 * "beta" fails its start after binding when configured {@code quic.server.beta.fail-start=true}
 * (an option the extension passes on), to show the start-up's rollback.
 */
@ApplicationScoped
public class Servers {

    @Produces
    @ApplicationScoped
    @NamedQuicServer("alpha")
    QuicServer alpha() {
        return new UdpTestServer();
    }

    @Produces
    @ApplicationScoped
    @NamedQuicServer(value = "beta", port = 0)
    QuicServer beta() {
        return new UdpTestServer() {
            @Override
            public void start(ServerSettings settings) throws IOException {
                if (Boolean.parseBoolean(settings.options().getOrDefault("fail-start", "false"))) {
                    failStartWith(new IOException("beta refuses to start, as configured"));
                }
                super.start(settings);
            }

            @Override
            public void drain(Duration grace) {
                System.out.println("beta drains with grace " + grace); // read by ShutdownDrainTest
                super.drain(grace);
            }
        };
    }
}
