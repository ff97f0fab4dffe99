package dev.quicregistry.samples;

import dev.quicregistry.api.ServerInfo;
import java.util.Objects;

/**
 * Closes one server the way its owner would ({@code QuicServer.close()}), and shows that the registry
 * removed it by itself: the observer prints {@code ServerUnregistered (TERMINATED)}, and the name is gone.
 */
final class StopServer implements SampleStep {

    private final String name;

    StopServer(String name) {
        this.name = Objects.requireNonNull(name, "name must not be null");
    }

    @Override
    public String title() {
        return "Stop server '" + name + "': its entry leaves the registry when the server terminates";
    }

    @Override
    public void run(SampleContext context) {
        ServerInfo info = context.servers().lookup(name)
                .orElseThrow(() -> new IllegalStateException("no server '" + name + "' is registered"));
        context.console().line("closing '" + name + "' (port " + info.port() + ") with QuicServer.close():");
        info.server().close();
        context.console().line("lookup(\"" + name + "\") is " + (context.servers().lookup(name).isPresent() ? "still present"
                : "empty") + "; names() = " + context.servers().names().stream().sorted().toList());
        context.printer().printTable();
    }
}
