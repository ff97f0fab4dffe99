package dev.quicregistry.benchmarks;

import dev.quicregistry.rolling.Roll;
import dev.quicregistry.testing.ScratchDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Request latency during a rolling restart against the steady state of the same run: three server
 * JVMs behind a three-server loopback ensemble, {@value #CLIENTS} clients looping
 * {@code requestReply} (one in flight each); {@value #STEADY_REPLIES} replies of steady state,
 * then each server JVM drained (grace 5 s), exited and replaced in turn. Also the time from each
 * drain to the last of its clients connected elsewhere. Writes {@code latency roll-steady|roll-during
 * <p50 µs> <p99 µs>} and {@code latency roll-moved <median ms> <max ms>} to the file named by its
 * one argument.
 */
public final class RollingRestartLatency {

    static final int CLIENTS = 20;
    static final int SERVERS = 3;
    static final int STEADY_REPLIES = 20_000;
    private static final Duration GRACE = Duration.ofSeconds(5);

    private RollingRestartLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RollingRestartLatency <output file>");
        }
        Logger.getLogger("org.apache.zookeeper").setLevel(Level.SEVERE);
        Logger.getLogger("org.apache.curator").setLevel(Level.SEVERE);
        try (ScratchDirectory work = ScratchDirectory.create("quic-roll");
                Roll roll = Roll.start(work.path(), SERVERS, CLIENTS)) {
            roll.steadyFor(STEADY_REPLIES / 4); // warm-up, not counted apart: the first quarter of the steady state
            roll.steadyFor(STEADY_REPLIES);
            roll.rollAll(GRACE);
            roll.stopClients();
            long failed = roll.clients().stream().mapToLong(client -> client.failures().size()).sum();
            if (failed > 0) {
                throw new IllegalStateException(failed + " requests failed during the roll");
            }
            List<Duration> moved = roll.moved().stream().sorted().toList();
            String lines = String.format(Locale.ROOT, "latency roll-steady %.1f %.1f%nlatency roll-during %.1f %.1f%n"
                            + "latency roll-moved %.1f %.1f%n",
                    roll.steadyLatencies().quantileMicros(0.5), roll.steadyLatencies().quantileMicros(0.99),
                    roll.rollingLatencies().quantileMicros(0.5), roll.rollingLatencies().quantileMicros(0.99),
                    moved.get(moved.size() / 2).toNanos() / 1e6, moved.get(moved.size() - 1).toNanos() / 1e6);
            Files.writeString(Path.of(args[0]), lines, StandardCharsets.UTF_8);
        }
    }
}
