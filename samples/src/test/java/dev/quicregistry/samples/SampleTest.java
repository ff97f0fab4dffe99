package dev.quicregistry.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.testing.QuicTestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample's own flow, run in-process with its real container, servers and clients: what it
 * prints is what a person sees. The "upper" server's fixed port is overridden to 0 (a system
 * property outranks META-INF/microprofile-config.properties), so a busy port cannot fail the test.
 */
class SampleTest {

    private static final String UPPER_PORT = "quic.server.upper.port";
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, UTF_8);

    @BeforeAll
    static void anyFreePortForUpper() {
        System.setProperty(UPPER_PORT, "0");
        releaseConfig();
    }

    @AfterAll
    static void clearPortOverride() {
        System.clearProperty(UPPER_PORT);
        releaseConfig();
    }

    @Test
    void theTourShowsRealPortsRepliesLiveConnectionsTheStoppedServerGoneAndAClientSurvivingARestart() throws Exception {
        new Sample(out).run();

        String output = output();
        String registry = section(output, "2. ", "3. ");
        int echoPort = port(registry, "echo", 0);
        int upperPort = port(registry, "upper", 0);
        assertThat(echoPort).isBetween(1, 65535);
        assertThat(upperPort).isBetween(1, 65535).isNotEqualTo(echoPort);
        assertThat(section(output, "1. ", "2. "))
                .contains("[observer] ServerRegistered    'echo' on port " + echoPort)
                .contains("[observer] ServerRegistered    'upper' on port " + upperPort)
                .contains("production configures quic.server.<name>.cert and .key (PEM files)")
                .containsPattern("container started in \\d+\\.\\d\\d s");

        String clients = section(output, "3. ", "4. ");
        assertThat(clients)
                .contains("port(\"echo\") = " + echoPort + ", handshake with ALPN echo: sent \"hello, quic-registry\","
                        + " received \"hello, quic-registry\"")
                .contains("port(\"upper\") = " + upperPort + ", handshake with ALPN upper: sent \"hello, quic-registry\","
                        + " received \"HELLO, QUIC-REGISTRY\"")
                .containsPattern("connections\\(\"echo\"\\): \\[client 127\\.0\\.0\\.1:\\d+ \\(open\\)]")
                .containsPattern("connections\\(\"upper\"\\): \\[client 127\\.0\\.0\\.1:\\d+ \\(open\\)]")
                .contains("clients closed: the servers list no connections any more");
        assertThat(port(clients, "echo", 1)).as("echo, while its client is connected").isEqualTo(echoPort);
        assertThat(port(clients, "upper", 1)).as("upper, while its client is connected").isEqualTo(upperPort);

        String stop = section(output, "4. ", "5. ");
        assertThat(stop).contains("[observer] ServerUnregistered  'upper' (TERMINATED)")
                .contains("lookup(\"upper\") is empty; names() = [echo]");
        assertThat(stop.indexOf("ServerUnregistered  'upper'"))
                .as("the observer ran before close() returned").isLessThan(stop.indexOf("lookup(\"upper\") is empty"));
        assertThat(port(stop, "echo", 0)).isEqualTo(echoPort);
        assertThat(stop).doesNotContainPattern("(?m)^\\s+upper\\s+127");

        String restart = section(output, "5. ", "6. ");
        int firstTicker = number(restart, "\\[observer] ServerRegistered    'ticker' on port (\\d+)", 0);
        int secondTicker = number(restart, "\\[observer] ServerRegistered    'ticker' on port (\\d+)", 1);
        assertThat(secondTicker).as("the restarted server's new port").isNotEqualTo(firstTicker);
        assertThat(restart)
                .contains("client 'ticker-feed' connected to /127.0.0.1:" + firstTicker + "; subscribe prices: \"subscribed to prices\"")
                .contains("[observer] ServerUnregistered  'ticker' (TERMINATED)")
                .contains("[observer] ConnectionReplaced  'ticker-feed' now on /127.0.0.1:" + secondTicker)
                .contains("[observer] resubscribed 'ticker-feed' to prices on /127.0.0.1:" + secondTicker
                        + ": \"subscribed to prices\"")
                .contains("client 'ticker-feed' is connected again, to /127.0.0.1:" + secondTicker
                        + "; handle(\"ticker-feed\") resolves to /127.0.0.1:" + secondTicker + "; subscribed to prices again")
                .contains("client and server closed; connection ids registered: []");
        assertThat(restart.lines().filter(line -> line.contains("[observer] ConnectionReplaced"))).as("one replacement").hasSize(1);
        assertThat(restart.lines().filter(line -> line.contains("[observer] resubscribed"))).hasSize(1);
        assertThat(restart.indexOf("[observer] resubscribed")).as("the observer resubscribed before the step went on")
                .isLessThan(restart.indexOf("is connected again"));
        assertThat(isFree(secondTicker)).as("the restarted server's port released").isTrue();

        String otherJvm = section(output, "6. ", "7. ");
        int remotePort = number(otherJvm, "directory\\.endpoints\\(\"remote\"\\) = 127\\.0\\.0\\.1:(\\d+)", 0);
        assertThat(remotePort).isBetween(1, 65535);
        assertThat(otherJvm)
                .containsPattern("second JVM \\(pid \\d+\\): server 'remote' started and published")
                .contains("a client found it through the directory: sent \"hello, quic-registry\", received \"hello, quic-registry\"")
                .containsPattern("second JVM killed: 'remote' left the directory \\d+\\.\\d s later \\(its session: 3 s\\)");
        assertThat(isFree(remotePort)).as("the killed JVM's port released").isTrue();

        assertThat(section(output, "7. ", null)).contains("[observer] ServerUnregistered  'echo' (TERMINATED)");
        assertThat(output.strip()).endsWith("done");
        assertThat(isFree(echoPort)).as("echo's port released").isTrue();
        assertThat(isFree(upperPort)).as("upper's port released").isTrue();
    }

    @Test
    void serveKeepsBothServersServingUntilToldToStop() throws Exception {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
            try {
                new Sample(out).serve(stop);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        int echoPort;
        try {
            await().atMost(BOUND).until(() -> serving.isDone() || output().contains("upper  udp://"));
            assertThat(serving).as("serving, not ended:%n%s", output()).isNotDone();
            Matcher echo = Pattern.compile("echo   udp://127\\.0\\.0\\.1:(\\d+)").matcher(output());
            assertThat(echo.find()).isTrue();
            echoPort = Integer.parseInt(echo.group(1));

            try (QuicTestClient client = QuicTestClient.connectTrustingAnyCertificate(echoPort, "echo")) {
                assertThat(client.exchange("still serving")).isEqualTo("still serving");
            }
            assertThat(serving).isNotDone();
        } finally {
            stop.complete(null);
        }

        assertThat(serving).succeedsWithin(BOUND);
        String afterServing = output().substring(output().indexOf("Serving until Ctrl-C"));
        assertThat(afterServing)
                .contains("[observer] ServerUnregistered  'echo' (TERMINATED)")
                .contains("[observer] ServerUnregistered  'upper' (TERMINATED)");
        assertThat(output().strip()).endsWith("done");
        assertThat(isFree(echoPort)).isTrue();
    }

    private String output() {
        return printed.toString(UTF_8);
    }

    /** The text from the line starting with {@code from} to the line starting with {@code to} (or the end). */
    private static String section(String output, String from, String to) {
        Matcher start = Pattern.compile("(?m)^" + Pattern.quote(from)).matcher(output);
        assertThat(start.find()).as("a line starting with '%s' in%n%s", from, output).isTrue();
        if (to == null) {
            return output.substring(start.start());
        }
        Matcher end = Pattern.compile("(?m)^" + Pattern.quote(to)).matcher(output);
        assertThat(end.find(start.end())).as("a line starting with '%s' in%n%s", to, output).isTrue();
        return output.substring(start.start(), end.start());
    }

    /** The port of {@code name}'s row in a printed registry table that shows {@code connections} live connections. */
    private static int port(String table, String name, int connections) {
        Matcher row = Pattern.compile("(?m)^\\s+" + name + "\\s+127\\.0\\.0\\.1\\s+(\\d+)\\s+" + name + "\\s+" + connections
                + "$").matcher(table);
        assertThat(row.find()).as("a row for %s with %d connections in%n%s", name, connections, table).isTrue();
        return Integer.parseInt(row.group(1));
    }

    /** The number in group 1 of the {@code index}-th match of {@code regex} in {@code text}. */
    private static int number(String text, String regex, int index) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        for (int i = 0; i <= index; i++) {
            assertThat(matcher.find()).as("match %d of '%s' in%n%s", i, regex, text).isTrue();
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static boolean isFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            return socket.isBound();
        } catch (SocketException inUse) {
            return false;
        }
    }

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }
}
