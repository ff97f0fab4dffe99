package dev.quicregistry.samples;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.zookeeper.ZooKeeperDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The main of the sample's second JVM: an echo server named {@value #NAME} on 127.0.0.1, registered
 * in this JVM's registry and published into the directory on {@code args[0]} (with a session of
 * {@code args[1]} ms), presenting the certificate {@code args[2]} / key {@code args[3]}. Prints
 * {@code ready} and runs until killed or until its standard input closes.
 */
public final class RemoteServer {

    /** The name the second JVM publishes. */
    static final String NAME = "remote";
    /** Its application protocol. */
    static final String ALPN = "echo";
    /** The environment variable that carries the directory's credentials from the first JVM (never an argument). */
    static final String CREDENTIALS_VARIABLE = "QUIC_REGISTRY_SAMPLE_ZK_CREDENTIALS";

    private RemoteServer() {
    }

    public static void main(String[] args) throws Exception {
        SampleLogging.configure();
        LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
        byte[] credentials = System.getenv(CREDENTIALS_VARIABLE).getBytes(StandardCharsets.UTF_8);
        try (ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(args[0])
                .sessionTimeout(Duration.ofMillis(Long.parseLong(args[1]))).authorization("digest", credentials).build();
             NettyQuicServer server = NettyQuicServer.builder().streamHandler(StreamHandlers.echo()).alpn(ALPN)
                     .certificate(Path.of(args[2]), Path.of(args[3])).build()) {
            directory.publish(registry);
            server.start(ServerSettings.of("127.0.0.1", 0));
            registry.register(NAME, server, server.boundPort(), Map.of("alpn", ALPN));
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until killed, or until the parent closes our standard input
            }
        }
    }
}
