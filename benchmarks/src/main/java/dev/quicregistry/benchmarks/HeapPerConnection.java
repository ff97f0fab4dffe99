package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.impl.LocalConnectionRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Heap retained per registered connection: 100 000 ids and transports, allocated beforehand and
 * shared, put into a {@link LocalConnectionRegistry} and, as the baseline, a {@link ConcurrentHashMap};
 * the heap is read after GC settles, so only the structure's own bytes count.
 * Writes one line per structure, {@code heap <name> <bytes per entry>}, to the file named by its
 * one argument (which {@link ResultsReport} reads).
 */
public final class HeapPerConnection {

    static final int ENTRIES = 100_000;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapPerConnection() {
    }

    /** Measures both structures, three times each, and writes the smallest of each to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: HeapPerConnection <output file>");
        }
        ConnectionId[] ids = Keys.ids(ENTRIES);
        Object[] transports = new Object[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            transports[i] = new Object();
        }
        long registry = Long.MAX_VALUE;
        long baseline = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            registry = Math.min(registry, retainedBy(() -> {
                LocalConnectionRegistry connections = new LocalConnectionRegistry();
                for (int i = 0; i < ENTRIES; i++) {
                    connections.register(ids[i], transports[i]);
                }
                return connections;
            }));
            baseline = Math.min(baseline, retainedBy(() -> {
                Map<ConnectionId, Object> map = new ConcurrentHashMap<>();
                for (int i = 0; i < ENTRIES; i++) {
                    map.put(ids[i], transports[i]);
                }
                return map;
            }));
        }
        Files.writeString(Path.of(args[0]), String.format(Locale.ROOT,
                "heap connectionRegistry %.1f%nheap connectionRegistryBaseline %.1f%n",
                registry / (double) ENTRIES, baseline / (double) ENTRIES), StandardCharsets.UTF_8);
        Reference.reachabilityFence(ids);
        Reference.reachabilityFence(transports);
    }

    private static long retainedBy(Supplier<Object> build) {
        long before = settledHeap();
        Object structure = build.get();
        long after = settledHeap();
        Reference.reachabilityFence(structure);
        return after - before;
    }

    /** Used heap after full GCs, repeated until it stops shrinking (bounded). */
    private static long settledHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
