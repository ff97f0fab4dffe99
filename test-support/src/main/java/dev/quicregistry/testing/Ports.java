package dev.quicregistry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks and picks on 127.0.0.1, for tests that prove a port is bound or free again, or start a server on a known port. */
public final class Ports {

    private Ports() {
    }

    /** Whether {@code port} can be bound on 127.0.0.1 now (binds it and releases it at once). */
    public static boolean isFree(int port) {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /**
     * A port that is free for UDP and TCP on 127.0.0.1 now and below the system's ephemeral range, for
     * a server the test starts later on a port it must know first (a ZooKeeper ensemble, a server
     * restarted on its old port). The kernel hands out only ports of the ephemeral range to
     * {@code bind(0)}, so no other socket of this or another process is given this one meanwhile;
     * only a bind by number could take it. Bounded: gives up after 200 tries.
     */
    public static int free() {
        int low = 10_000;
        int high = ephemeralRangeStart() - 1;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(low, high + 1);
            if (isFree(port) && isFreeForTcp(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 in " + low + ".." + high + " after 200 tries");
    }

    private static boolean isFreeForTcp(int port) {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** The first port of the range bind(0) picks from (Linux: /proc/sys/net/ipv4/ip_local_port_range; else IANA's 49152). */
    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: a /proc file reports size 0, and readString then returns its first byte only
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > 11_000 ? start : 49_152;
        } catch (IOException | RuntimeException notLinux) {
            return 49_152;
        }
    }

    /** Holds {@code port} on 127.0.0.1 until closed, to make a clash. */
    public static DatagramChannel occupy(int port) throws IOException {
        return DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
    }
}
