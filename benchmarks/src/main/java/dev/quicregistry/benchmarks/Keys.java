package dev.quicregistry.benchmarks;

import dev.quicregistry.api.ConnectionId;

/** The keys every benchmark and its baseline share, so both read the same keys, as many. */
final class Keys {

    private Keys() {
    }

    static String[] names(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "server-" + i;
        }
        return names;
    }

    static ConnectionId[] ids(int count) {
        ConnectionId[] ids = new ConnectionId[count];
        for (int i = 0; i < count; i++) {
            ids[i] = ConnectionId.of("connection-" + i);
        }
        return ids;
    }

    /**
     * The same keys starting half-way round, for a {@link Paired} baseline: its batch then reads
     * other keys than the registry's batch just read, so neither side finds the other's keys in
     * the cache.
     */
    static <K> K[] rotated(K[] keys) {
        K[] rotated = keys.clone();
        for (int i = 0; i < keys.length; i++) {
            rotated[i] = keys[(i + keys.length / 2) % keys.length];
        }
        return rotated;
    }
}
