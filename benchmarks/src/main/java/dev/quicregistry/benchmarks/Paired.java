package dev.quicregistry.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One thread's clocks for a registry operation and its baseline measured side by side: each
 * invocation runs a batch of each, alternating which goes first, and adds each batch's
 * {@code System.nanoTime} span to its side. On a small shared machine the speed of a core drifts
 * by tens of percent from one second to the next; two benchmarks measured one after the other
 * see different machines, while batches microseconds apart see the same one, so the ratio of the
 * two sums keeps only what differs between the operations. JMH reports the sums per iteration
 * (its "events" counters); {@link ResultsReport} divides them.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Paired {

    /** Nanoseconds spent in the registry's batches this iteration. */
    public long registryNanos;
    /** Nanoseconds spent in the baseline's batches this iteration. */
    public long baselineNanos;
    /** Operations each side ran this iteration (the same number for both). */
    public long operations;

    /** The registry side's walk over the keys. */
    final Cursor registryCursor = new Cursor();
    /** The baseline side's walk, in the same steps (over the same keys, or the same keys rotated: {@link Keys#rotated}). */
    final Cursor baselineCursor = new Cursor();

    private boolean registryFirst;

    /** Starts each iteration's sums from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        registryNanos = 0;
        baselineNanos = 0;
        operations = 0;
    }

    /** Runs one batch of each side, {@code batch} operations each, the side that went second last time first. */
    void measure(int batch, Runnable registry, Runnable baseline) {
        registryFirst = !registryFirst;
        if (registryFirst) {
            registryNanos += timed(registry);
            baselineNanos += timed(baseline);
        } else {
            baselineNanos += timed(baseline);
            registryNanos += timed(registry);
        }
        operations += batch;
    }

    private static long timed(Runnable side) {
        long start = System.nanoTime();
        side.run();
        return System.nanoTime() - start;
    }
}
