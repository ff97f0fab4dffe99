package dev.quicregistry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A real ZooKeeper ensemble in the test JVM (Curator's {@link TestingCluster}), every server bound
 * to 127.0.0.1 only: its client, quorum and election ports are picked on loopback here, and the
 * client port address is set, so nothing listens on a wildcard address. A tick of 200 ms (ZooKeeper
 * expires sessions at tick boundaries, so an expiry comes at most a tick late) and sessions of
 * 0.4 to 20 s.
 */
public final class Ensemble implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int TICK_MILLIS = 200;

    private final List<InstanceSpec> specs;
    private final TestingCluster cluster;

    private Ensemble(int servers) {
        specs = new ArrayList<>();
        for (int id = 1; id <= servers; id++) {
            specs.add(new InstanceSpec(null, loopbackPort(), loopbackPort(), loopbackPort(), true, id, TICK_MILLIS, -1,
                    Map.of("clientPortAddress", LOOPBACK, "maxSessionTimeout", "20000"), LOOPBACK));
        }
        cluster = new TestingCluster(specs);
    }

    /** An ensemble of {@code servers}, not started: its connect string is known already. */
    public static Ensemble of(int servers) {
        return new Ensemble(servers);
    }

    /** A started ensemble of {@code servers}. */
    public static Ensemble started(int servers) throws Exception {
        Ensemble ensemble = of(servers);
        ensemble.start();
        return ensemble;
    }

    public void start() throws Exception {
        cluster.start();
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...} */
    public String connectString() {
        return specs.stream().map(spec -> LOOPBACK + ":" + spec.getPort()).collect(Collectors.joining(","));
    }

    /** The connect string of server {@code index} (0-based) alone. */
    public String connectStringOf(int index) {
        return LOOPBACK + ":" + specs.get(index).getPort();
    }

    /** Stops server {@code index} (0-based). */
    public void stop(int index) throws Exception {
        cluster.killServer(specs.get(index));
    }

    /** Starts server {@code index} (0-based) again. */
    public void restart(int index) throws Exception {
        cluster.restartServer(specs.get(index));
    }

    public int size() {
        return specs.size();
    }

    @Override
    public void close() throws IOException {
        cluster.close();
    }

    private static int loopbackPort() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
