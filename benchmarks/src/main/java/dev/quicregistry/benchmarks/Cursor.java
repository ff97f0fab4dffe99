package dev.quicregistry.benchmarks;


/** A walk over the key array, one per side of a {@link Paired} measurement: both sides read the same keys in the same order. */
final class Cursor {

    private int next;

    /** The next index below {@code size}. */
    int next(int size) {
        int index = next;
        next = index + 1 == size ? 0 : index + 1;
        return index;
    }
}
