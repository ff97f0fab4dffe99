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
}
