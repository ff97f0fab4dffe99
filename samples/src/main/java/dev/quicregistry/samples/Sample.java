package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.cdi.QuicRegistryExtension;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The sample's tour: starts a Weld SE container whose quic-registry extension starts the two named
 * servers of {@link SampleServers}, runs the steps in order, and closes the container. Each step is
 * a class of its own; a new part of the tour is a new {@link SampleStep} in {@link #tour()}.
 */
public final class Sample {

    /** Bounds every network wait of the steps. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Console console;

    /** A sample that writes what it shows to {@code out}. */
    public Sample(PrintStream out) {
        this.console = new Console(out);
    }

    /** The tour: the registry, a client per server, one server stopped, a client surviving a server restart. */
    static List<SampleStep> tour() {
        return List.of(
                new ShowRegistry(),
                new TalkToEachServer(),
                new StopServer(SampleServers.UPPER),
                new SurviveServerRestart());
    }

    /** What {@code --serve} shows before it serves: the registry, and a client per server. */
    static List<SampleStep> beforeServing() {
        return List.of(new ShowRegistry(), new TalkToEachServer());
    }

    /** Runs the tour and returns once the container is closed and every port released. */
    public void run() throws Exception {
        try (WeldContainer container = start()) {
            runSteps(container, tour());
            shutDown();
        }
        console.line("done");
    }

    /** Shows the registry, then serves until {@code stop} completes, then closes the container. */
    public void serve(CompletionStage<?> stop) throws Exception {
        try (WeldContainer container = start()) {
            runSteps(container, beforeServing());
            console.step("Serving until Ctrl-C");
            QuicServerRegistry servers = container.select(QuicServerRegistry.class).get();
            for (String name : servers.names().stream().sorted().toList()) {
                console.line(String.format("%-6s udp://127.0.0.1:%d", name, servers.port(name).orElseThrow()));
            }
            stop.toCompletableFuture().join();
            shutDown();
        }
        console.line("done");
    }

    private WeldContainer start() {
        console.title("quic-registry sample: named QUIC servers in a CDI (Weld SE) application");
        console.step("Start the container: the quic-registry extension starts every @NamedQuicServer bean");
        console.line("configuration: META-INF/microprofile-config.properties (quic.server.<name>.host, port, alpn, ...)");
        console.line("TLS: self-signed certificates (quic.server.<name>.self-signed=true), for this sample only;");
        console.line("     production configures quic.server.<name>.cert and .key (PEM files) instead");
        long started = System.nanoTime();
        WeldContainer container = new Weld("quic-registry-sample")
                .disableDiscovery()
                .skipShutdownHook() // Main's own hook closes the container (with --serve)
                .addExtension(new QuicRegistryExtension())
                .addExtension(new ConsoleExtension(console))
                .addBeanClasses(SampleServers.class, RegistryObserver.class, Resubscriber.class, Subscriptions.class)
                .initialize();
        console.line(String.format(Locale.ROOT, "container started in %.1f s (making self-signed certificates takes most of it)",
                (System.nanoTime() - started) / 1e9));
        return container;
    }

    private void runSteps(WeldContainer container, List<SampleStep> steps) throws Exception {
        SampleContext context = new SampleContext(container, container.select(QuicServerRegistry.class).get(),
                container.select(ConnectionRegistry.class).get(), console, TIMEOUT);
        for (SampleStep step : steps) {
            console.step(step.title());
            step.run(context);
        }
    }

    /** Heading for the container's close, which runs right after it: the extension closes what is left. */
    private void shutDown() {
        console.step("Close the container: the extension closes and unregisters the servers still running");
    }
}
