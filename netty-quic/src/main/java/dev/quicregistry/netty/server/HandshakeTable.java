package dev.quicregistry.netty.server;

import dev.quicregistry.netty.QuicErrorCodes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handshakes under way at one server, and which one gives way when a new one comes: the
 * admission rule of {@link ConnectionTracker}, without channels. A new handshake is refused where
 * its source holds {@code maxPerSource} already; at {@code max}, the oldest handshake of a source
 * that was not validated (no Retry token) gives way; where all are validated, the oldest of the
 * source holding the most gives way, if that source holds more than one; else the new one is
 * refused. So spoofed sources can only take places from each other, one real source cannot hold
 * more than its share, and a client with one validated handshake keeps it.
 *
 * <p>Invariants: {@code size() <= max}; each source holds at most {@code maxPerSource};
 * {@code perSource} holds exactly the sources of the handshakes held, with their counts. Not
 * thread-safe: the server's event loop is its only user.
 *
 * @param <K> a handshake (a connection)
 */
final class HandshakeTable<K> {

    private static final String PER_SOURCE_REACHED = QuicErrorCodes.MAX_HANDSHAKES_PER_ADDRESS_REASON;
    private static final String ALL_VALIDATED = QuicErrorCodes.TOO_MANY_HANDSHAKES_REASON + ", all of validated addresses";

    private final int max;
    private final int maxPerSource;
    /** Oldest first. */
    private final LinkedHashMap<K, Handshake> byAge = new LinkedHashMap<>();
    private final HashMap<Object, Integer> perSource = new HashMap<>();

    /** One handshake under way: where it comes from, and whether that address was validated. */
    private record Handshake(Object source, boolean validated) {
    }

    /** What became of a new handshake: refused (with why), or admitted, {@code shed} (null: none) giving way. */
    record Admission<K>(boolean admitted, K shed, String refusal) {
    }

    HandshakeTable(int max, int maxPerSource) {
        this.max = max;
        this.maxPerSource = maxPerSource;
    }

    /**
     * Why a new handshake from {@code source} would be refused now, validated or not (the rule
     * refuses both alike); null where it would be admitted. Changes nothing: the gate before the
     * codec asks it, so that such a refusal costs no TLS work.
     */
    String refusal(Object source) {
        if (perSource.getOrDefault(source, 0) >= maxPerSource) {
            return PER_SOURCE_REACHED;
        }
        if (byAge.size() >= max && oldestNotValidated() == null && oldestOfTheBusiestSource() == null) {
            return ALL_VALIDATED;
        }
        return null;
    }

    /** Admits {@code key} from {@code source} if the rule above lets it, removing the handshake that gives way. */
    Admission<K> offer(K key, Object source, boolean validated) {
        String refusal = refusal(source);
        if (refusal != null) {
            return new Admission<>(false, null, refusal);
        }
        K shed = null;
        if (byAge.size() >= max) {
            shed = oldestNotValidated();
            if (shed == null) {
                shed = oldestOfTheBusiestSource();
            }
            remove(shed); // not null: refusal() found one to give way
        }
        byAge.put(key, new Handshake(source, validated));
        perSource.merge(source, 1, Integer::sum);
        return new Admission<>(true, shed, null);
    }

    /** Forgets {@code key} (completed, failed or dropped); whether it was held. */
    boolean remove(K key) {
        Handshake gone = byAge.remove(key);
        if (gone == null) {
            return false;
        }
        perSource.computeIfPresent(gone.source(), (source, count) -> count == 1 ? null : count - 1);
        return true;
    }

    int size() {
        return byAge.size();
    }

    /** The handshakes under way now, oldest first (a copy). */
    List<K> keys() {
        return List.copyOf(byAge.keySet());
    }

    /** How many sources hold a handshake now (for tests of what is kept). */
    int sources() {
        return perSource.size();
    }

    private K oldestNotValidated() {
        for (Map.Entry<K, Handshake> oldest : byAge.entrySet()) {
            if (!oldest.getValue().validated()) {
                return oldest.getKey();
            }
        }
        return null;
    }

    private K oldestOfTheBusiestSource() {
        Object busiest = null;
        int most = 1; // a source with one handshake never gives it up
        for (Map.Entry<Object, Integer> source : perSource.entrySet()) {
            if (source.getValue() > most) {
                busiest = source.getKey();
                most = source.getValue();
            }
        }
        for (Map.Entry<K, Handshake> oldest : byAge.entrySet()) {
            if (oldest.getValue().source().equals(busiest)) {
                return oldest.getKey();
            }
        }
        return null;
    }
}
