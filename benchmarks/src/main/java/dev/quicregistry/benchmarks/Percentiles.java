package dev.quicregistry.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** The {@code latency <name> <p50 µs> <p99 µs>} lines that the latency programs write and {@link ResultsReport} reads. */
final class Percentiles {

    private Percentiles() {
    }

    /** One line for {@code nanos}, p50 and p99 (nearest rank) in microseconds. */
    static String line(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "latency %s %.1f %.1f%n", name,
                sorted[sorted.length / 2] / 1_000.0, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1_000.0);
    }
}
