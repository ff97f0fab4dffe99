package dev.quicregistry.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A real ZooKeeper ensemble in the test JVM (Curator's {@link TestingCluster}), every server bound
 * to 127.0.0.1 only: its client, quorum and election ports are picked on loopback here, and the
 * client port address is set, so nothing listens on a wildcard address. Its ports come from
 * {@link Ports#free()}, below the ephemeral range, so nobody is handed them before the servers bind them. A tick of 200 ms (ZooKeeper
 * expires sessions at tick boundaries, so an expiry comes at most a tick late) and sessions of
 * 0.4 to 20 s.
 */
public final class Ensemble implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int TICK_MILLIS = 200;

    private static Ensemble shared;

    private final List<InstanceSpec> specs;
    private final TestingCluster cluster;

    private Ensemble(int servers) {
        specs = new ArrayList<>();
        Iterator<Integer> ports = distinctFreePorts(3 * servers).iterator();
        for (int id = 1; id <= servers; id++) {
            specs.add(new InstanceSpec(null, ports.next(), ports.next(), ports.next(), true, id, TICK_MILLIS, -1,
                    Map.of("clientPortAddress", LOOPBACK, "maxSessionTimeout", "20000"), LOOPBACK));
        }
        cluster = new TestingCluster(specs);
    }

    /** An ensemble of {@code servers}, not started: its connect string is known already. */
    public static Ensemble of(int servers) {
        return new Ensemble(servers);
    }

    /**
     * The JVM's shared one-server ensemble, started on first use and stopped when the JVM exits: for
     * tests that need a ZooKeeper but not its failures, each under a base path of its own. A JVM that
     * runs many short tests (a class after another, or PIT's runs of one test per mutant) starts
     * ZooKeeper once instead of once per class.
     */
    public static synchronized Ensemble shared() throws Exception {
        if (shared == null) {
            Ensemble started = started(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting: nothing is left to tell
                }
            }, "shared-ensemble-stop"));
            shared = started;
        }
        return shared;
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

    /** {@code count} different ports from {@link Ports#free()}: each server needs three of its own. */
    private static Set<Integer> distinctFreePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (int attempt = 0; ports.size() < count && attempt < 10 * count; attempt++) {
            ports.add(Ports.free());
        }
        if (ports.size() < count) {
            throw new IllegalStateException("found only " + ports.size() + " of " + count + " free ports");
        }
        return ports;
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
}
