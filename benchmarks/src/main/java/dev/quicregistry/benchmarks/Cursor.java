package dev.quicregistry.benchmarks;

/** A walk over a key array, one per side of a {@link Paired} measurement, so both sides make the same steps. */
final class Cursor {

    private int next;

    /** The next index below {@code size}. */
    int next(int size) {
        int index = next;
        next = index + 1 == size ? 0 : index + 1;
        return index;
    }
}
