package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.netty.client.ClientStreams;
import dev.quicregistry.netty.client.ReconnectingQuicClient;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import io.netty.handler.codec.quic.QuicChannel;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A server of another JVM, found by name: starts a ZooKeeper in this JVM (Curator's
 * {@code TestingServer} on 127.0.0.1, so nothing is installed), starts a second JVM
 * ({@link RemoteServer}) that publishes a server named {@value RemoteServer#NAME} into the cluster
 * directory, finds it here through a {@link ZooKeeperDirectory}, talks to it with a client that
 * locates it through the directory, then kills the second JVM and shows its endpoint go when its
 * ZooKeeper session ends. A real ensemble is one connect string away (docs/zookeeper.md).
 */
final class FindServerInAnotherJvm implements SampleStep {

    /** The second JVM's ZooKeeper session: how long a dead JVM stays listed, at most (plus a tick). */
    private static final Duration SESSION = Duration.ofSeconds(3);

    @Override
    public String title() {
        return "A server of another JVM, found by name through the cluster directory (ZooKeeper)";
    }

    @Override
    public void run(SampleContext context) throws Exception {
        Console console = context.console();
        InstanceSpec spec = new InstanceSpec(null, loopbackPort(), loopbackPort(), loopbackPort(), true, 1, 200, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"); // ZooKeeper on 127.0.0.1 only
        // Both JVMs authenticate with one secret made for this run, so their znodes are writable by them
        // only (the directory's ACL); the secret goes to the second JVM in its environment, never its arguments.
        String credentials = "sample:" + UUID.randomUUID();
        try (TestingServer zooKeeper = new TestingServer(spec, true);
             ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(zooKeeper.getConnectString())
                     .authorization("digest", credentials.getBytes(StandardCharsets.UTF_8)).build()) {
            console.line("ZooKeeper: embedded in this JVM at " + zooKeeper.getConnectString());
            ProcessBuilder second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(), RemoteServer.class.getName(), zooKeeper.getConnectString(),
                    Long.toString(SESSION.toMillis()), context.certificate().certificatePem().toString(),
                    context.certificate().privateKeyPem().toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            second.environment().put(RemoteServer.CREDENTIALS_VARIABLE, credentials);
            Process other = second.start();
            try {
                BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
                String ready = CompletableFuture.supplyAsync(() -> readLine(output)).get(30, TimeUnit.SECONDS);
                if (!"ready".equals(ready)) {
                    throw new IllegalStateException("the second JVM did not start its server: " + ready);
                }
                console.line("second JVM (pid " + other.pid() + "): server '" + RemoteServer.NAME + "' started and published");
                if (!BoundedWait.until(() -> !directory.endpoints(RemoteServer.NAME).isEmpty(), context.timeout())) {
                    throw new IllegalStateException("'" + RemoteServer.NAME + "' did not appear in the directory within " + context.timeout());
                }
                ServerEndpoint endpoint = directory.endpoints(RemoteServer.NAME).get(0);
                console.line(String.format("this JVM:   directory.endpoints(\"%s\") = %s:%d (instance %s)",
                        endpoint.name(), endpoint.host(), endpoint.port(), endpoint.instanceId()));
                talkTo(context, directory);

                long killed = System.nanoTime();
                other.destroyForcibly().waitFor(context.timeout().toSeconds(), TimeUnit.SECONDS);
                boolean gone = BoundedWait.until(() -> directory.endpoints(RemoteServer.NAME).isEmpty(), SESSION.plus(context.timeout()));
                console.line(gone
                        ? String.format(Locale.ROOT, "second JVM killed: '%s' left the directory %.1f s later (its session: %d s)",
                                RemoteServer.NAME, (System.nanoTime() - killed) / 1e9, SESSION.toSeconds())
                        : "second JVM killed, but '" + RemoteServer.NAME + "' is still listed after " + SESSION.plus(context.timeout()));
            } finally {
                other.destroyForcibly();
            }
        }
    }

    private static void talkTo(SampleContext context, ZooKeeperDirectory directory) throws Exception {
        try (ReconnectingQuicClient client = ReconnectingQuicClient.builder(directory, RemoteServer.NAME, context.connections())
                .id(ConnectionId.of("talk-to-remote")).alpn(RemoteServer.ALPN).tlsHostName("localhost")
                .trustCertificates(context.certificate().certificatePem()).connectTimeout(context.timeout()).connect()) {
            QuicChannel connection = client.awaitConnected(context.timeout());
            byte[] reply = ClientStreams.requestReply(connection, TalkToEachServer.REQUEST.getBytes(StandardCharsets.UTF_8), 1024)
                    .toCompletableFuture().get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
            context.console().line(String.format("this JVM:   a client found it through the directory: sent \"%s\", received \"%s\"",
                    TalkToEachServer.REQUEST, new String(reply, StandardCharsets.UTF_8)));
        }
    }

    /** The class path this sample runs on: its class loader's (under exec:java), else the JVM's. */
    private static String classPath() throws URISyntaxException {
        if (FindServerInAnotherJvm.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    /** A free port of 127.0.0.1 (the sample binds nothing else). */
    private static int loopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String readLine(BufferedReader output) {
        try {
            return output.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
