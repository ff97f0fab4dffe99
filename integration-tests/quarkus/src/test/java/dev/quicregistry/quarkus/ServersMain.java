package dev.quicregistry.quarkus;

import dev.quicregistry.api.QuicServerRegistry;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/** The application's main for the launch tests: prints what runs and returns, so the application shuts down. */
@QuarkusMain
public class ServersMain implements QuarkusApplication {

    @Inject
    QuicServerRegistry servers;

    @Override
    public int run(String... args) {
        System.out.println("main: running " + servers.names());
        return 0;
    }
}
