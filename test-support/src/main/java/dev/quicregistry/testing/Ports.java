package dev.quicregistry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** UDP port checks on 127.0.0.1, for tests that prove a port is bound or free again. */
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

    /** A port the system reports free on 127.0.0.1 right now (another process may take it later). */
    public static int free() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Holds {@code port} on 127.0.0.1 until closed, to make a clash. */
    public static DatagramChannel occupy(int port) throws IOException {
        return DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
    }
}
