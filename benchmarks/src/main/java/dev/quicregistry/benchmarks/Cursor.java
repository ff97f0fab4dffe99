package dev.quicregistry.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Each thread's walk over the key array: the same sequence for a benchmark and its baseline. */
@State(Scope.Thread)
public class Cursor {

    private int next;

    /** The next index below {@code size}. */
    int next(int size) {
        int index = next;
        next = index + 1 == size ? 0 : index + 1;
        return index;
    }
}
