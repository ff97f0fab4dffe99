package dev.quicregistry.rolling;

import dev.quicregistry.api.Registration;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One server JVM of a roll: publishes a QUIC server (127.0.0.1, an ephemeral port) under a name
 * through the directory, prints {@code published <port>}, then waits for {@code drain <ISO-8601
 * duration>} on its standard input: drains the server through its registry, prints
 * {@code drained}, closes the directory and exits. It prints {@code holding} when a long request
 * begins its hold (from a thread of its own: the event loop never waits for the pipe). Its log
 * goes to standard error.
 *
 * <p>Usage: {@code RollServer <connect string> <base path> <name> <certificate chain PEM> <private key PEM>}
 */
public final class RollServer {

    static final String PUBLISHED = "published ";
    static final String DRAIN = "drain ";
    static final String DRAINED = "drained";
    static final String HOLDING = "holding";

    private RollServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: RollServer <connect string> <base path> <name> <chain PEM> <key PEM>");
        }
        String name = args[2];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ExecutorService printer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "roll-server-printer");
            thread.setDaemon(true);
            return thread;
        });
        LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
        NettyQuicServer server = NettyQuicServer.builder()
                .streamHandler(() -> new HeldReply(() -> printer.execute(() -> out.println(HOLDING)))).alpn(Roll.ALPN)
                .certificate(Path.of(args[3]), Path.of(args[4])).build();
        server.start(ServerSettings.of("127.0.0.1", 0));
        registry.register(name, server, 0, Map.of());
        try (ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(args[0]).basePath(args[1])
                .sessionTimeout(Duration.ofSeconds(10)).build();
             Registration published = directory.publish(registry)) {
            out.println(PUBLISHED + server.boundPort());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.startsWith(DRAIN)) {
                    registry.drain(name, Duration.parse(line.substring(DRAIN.length()).trim()));
                    out.println(DRAINED);
                    return;
                }
            }
        } finally {
            server.close(); // standard input closed without a drain (the driving JVM went away): close
        }
    }
}
