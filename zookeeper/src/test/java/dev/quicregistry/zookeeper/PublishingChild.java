package dev.quicregistry.zookeeper;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.UdpTestServer;
import java.time.Duration;
import java.util.Map;

/**
 * The main of a child JVM: publishes one server (a real UDP socket on 127.0.0.1) named {@code args[1]}
 * into the directory on {@code args[0]} with a session of {@code args[2]} ms, prints
 * {@code published <port>}, and waits until its standard input closes or it is killed.
 */
public final class PublishingChild {

    private PublishingChild() {
    }

    public static void main(String[] args) throws Exception {
        LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
        ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString(args[0])
                .sessionTimeout(Duration.ofMillis(Long.parseLong(args[2]))).build();
        directory.publish(registry);
        UdpTestServer server = new UdpTestServer();
        server.start(new ServerSettings("127.0.0.1", 0, Map.of()));
        registry.register(args[1], server, server.boundPort(), Map.of());
        System.out.println("published " + server.boundPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // waits for the parent
        }
        directory.close();
    }
}
