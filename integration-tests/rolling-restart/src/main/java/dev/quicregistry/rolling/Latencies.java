package dev.quicregistry.rolling;

import java.util.Arrays;

/**
 * Request latencies of one phase of a roll, in nanoseconds; at most {@link #MAX_SAMPLES} are kept
 * (later ones are counted, not stored). Thread-safe: every client's callback adds here.
 */
public final class Latencies {

    static final int MAX_SAMPLES = 1_000_000;

    private long[] samples = new long[1024];
    private int size;
    private long dropped;

    synchronized void add(long nanos) {
        if (size == MAX_SAMPLES) {
            dropped++;
            return;
        }
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, Math.min(MAX_SAMPLES, size * 2));
        }
        samples[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** The {@code q}-quantile (0..1) in microseconds, nearest rank; 0 where there is no sample. */
    public synchronized double quantileMicros(double q) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1_000.0;
    }
}
