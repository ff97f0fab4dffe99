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

    private static final String WELD_XML_VALIDATION = "org.jboss.weld.xml.disableValidating";
    private static final String TITLE = "quic-registry sample: named QUIC servers in a CDI (Weld SE) application";

    /** Bounds every network wait of the steps. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Console console;

    /** A sample that writes what it shows to {@code out}. */
    public Sample(PrintStream out) {
        this.console = new Console(out);
    }

    /**
     * The tour: the registry, a client per server, one server stopped, a client surviving a server
     * restart, a server of another JVM found through the cluster directory.
     */
    static List<SampleStep> tour() {
        return List.of(
                new ShowRegistry(),
                new TalkToEachServer(),
                new StopServer(SampleServers.UPPER),
                new SurviveServerRestart(),
                new FindServerInAnotherJvm());
    }

    /** What {@code --serve} shows before it serves: the registry, and a client per server. */
    static List<SampleStep> beforeServing() {
        return List.of(new ShowRegistry(), new TalkToEachServer());
    }

    /** Runs the tour and returns once the container is closed and every port released. */
    public void run() throws Exception {
        try (SampleRuntime runtime = start()) {
            runSteps(runtime, tour());
            shutDown();
        }
        console.line("done");
    }

    /** Shows the registry, then serves until {@code stop} completes, then closes the container. */
    public void serve(CompletionStage<?> stop) throws Exception {
        try (SampleRuntime runtime = start()) {
            runSteps(runtime, beforeServing());
            console.step("Serving until Ctrl-C");
            QuicServerRegistry servers = runtime.container().select(QuicServerRegistry.class).get();
            for (String name : servers.names().stream().sorted().toList()) {
                console.line(String.format("%-6s udp://127.0.0.1:%d", name, servers.port(name).orElseThrow()));
            }
            stop.toCompletableFuture().join();
            shutDown();
        }
        console.line("done");
    }

    /** Makes the sample's certificate, then starts the container, whose servers present it. */
    private SampleRuntime start() throws Exception {
        console.title(TITLE);
        console.step("Start the container: the quic-registry extension starts every @NamedQuicServer bean");
        long started = System.nanoTime();
        SampleCertificate certificate = SampleCertificate.generate();
        console.line(String.format(Locale.ROOT, "TLS: made one self-signed certificate for localhost in %.2f s (BouncyCastle),",
                seconds(started)));
        console.line("     for this sample only: production configures quic.server.<name>.cert and .key (PEM files)");
        console.line("configuration: META-INF/microprofile-config.properties (quic.server.<name>.host, port, alpn, ...),");
        console.line("               system properties (-Dquic.server.echo.port=4433), environment (QUIC_SERVER_ECHO_PORT=4433)");
        started = System.nanoTime();
        // Weld reads this switch from system properties only. The sample has no beans.xml, so the XML
        // schema validator Weld would build first (a few hundred milliseconds on a cold JVM) is never used.
        if (System.getProperty(WELD_XML_VALIDATION) == null) {
            System.setProperty(WELD_XML_VALIDATION, "true");
        }
        try {
            WeldContainer container = new Weld("quic-registry-sample")
                    .disableDiscovery()
                    .skipShutdownHook() // Main's own hook closes the container (with --serve)
                    .addExtension(new QuicRegistryExtension())
                    .addExtension(new SampleBeans(console, certificate))
                    .addBeanClasses(SampleServers.class, RegistryObserver.class, Resubscriber.class, Subscriptions.class)
                    .initialize();
            console.line(String.format(Locale.ROOT, "container started in %.2f s", seconds(started)));
            return new SampleRuntime(container, certificate);
        } catch (RuntimeException | Error e) {
            certificate.close();
            throw e;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void runSteps(SampleRuntime runtime, List<SampleStep> steps) throws Exception {
        WeldContainer container = runtime.container();
        SampleContext context = new SampleContext(container, container.select(QuicServerRegistry.class).get(),
                container.select(ConnectionRegistry.class).get(), console, runtime.certificate(), TIMEOUT);
        for (SampleStep step : steps) {
            console.step(step.title());
            step.run(context);
        }
    }

    /** Heading for the container's close, which runs right after it: the extension closes what is left. */
    private void shutDown() {
        console.step("Close the container: the extension closes and unregisters the servers still running");
    }

    /** The running container and the certificate its servers present; closing closes both, the container first. */
    private record SampleRuntime(WeldContainer container, SampleCertificate certificate) implements AutoCloseable {
        @Override
        public void close() {
            try {
                container.close();
            } finally {
                certificate.close();
            }
        }
    }
}
