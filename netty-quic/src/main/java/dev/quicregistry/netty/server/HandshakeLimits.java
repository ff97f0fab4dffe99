package dev.quicregistry.netty.server;

import java.util.OptionalInt;

/**
 * What a server lets handshakes hold, the part of {@link ServerConfig} that a flood meets: how many
 * are under way at once, from when a Retry token is asked for, and one address's share.
 *
 * @param maxHandshakes handshakes under way at once, at most (option {@code max-handshakes})
 * @param retry whether every client echoes a Retry token first (option {@code retry})
 * @param retryThreshold handshakes under way from which a token is asked for, where configured
 * @param maxConnectionsPerAddress connections (handshakes included) of one IP address, at most
 * @param maxHandshakesPerAddress handshakes of one IP address (IPv6: one /64), where configured
 */
record HandshakeLimits(int maxHandshakes, boolean retry, OptionalInt retryThreshold, int maxConnectionsPerAddress,
                       OptionalInt maxHandshakesPerAddress) {

    /**
     * Handshakes under way at once, at most: enough for a burst of real clients (a handshake takes one
     * or two round trips), few enough that a flood of Initial packets holds a bounded amount of
     * crypto state.
     */
    static final int DEFAULT_MAX_HANDSHAKES = 256;
    /**
     * Connections one IP address holds at most, counting handshakes: enough for the clients of one
     * NAT or one busy host, and a small share of the default {@code max-connections} (10 000), so one
     * address cannot take the server's every place.
     */
    static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    /** The limits of a server nobody configured. */
    static final HandshakeLimits DEFAULTS = new HandshakeLimits(DEFAULT_MAX_HANDSHAKES, false, OptionalInt.empty(),
            DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, OptionalInt.empty());

    /**
     * Handshakes under way from which every new Initial without a token gets a Retry: all of them
     * with {@code retry}, else the configured {@code retry-threshold}, else a quarter of
     * {@code max-handshakes}. Below it, a client saves the round trip; above it, a handshake holds
     * state only for an address that proved it receives there, so a spoofed flood holds at most
     * this many places and a validated client finds one.
     */
    int effectiveRetryThreshold() {
        return retry ? 0 : retryThreshold.orElse(Math.max(1, maxHandshakes / 4));
    }

    /** One address's share of the handshakes: the configured one, else an eighth of {@code max-handshakes}. */
    int effectiveMaxHandshakesPerAddress() {
        return maxHandshakesPerAddress.orElse(Math.max(1, maxHandshakes / 8));
    }

    HandshakeLimits withMaxHandshakes(int value) {
        return new HandshakeLimits(value, retry, retryThreshold, maxConnectionsPerAddress, maxHandshakesPerAddress);
    }

    HandshakeLimits withRetry(boolean value) {
        return new HandshakeLimits(maxHandshakes, value, retryThreshold, maxConnectionsPerAddress, maxHandshakesPerAddress);
    }

    HandshakeLimits withRetryThreshold(int value) {
        return new HandshakeLimits(maxHandshakes, retry, OptionalInt.of(value), maxConnectionsPerAddress, maxHandshakesPerAddress);
    }

    HandshakeLimits withMaxConnectionsPerAddress(int value) {
        return new HandshakeLimits(maxHandshakes, retry, retryThreshold, value, maxHandshakesPerAddress);
    }

    HandshakeLimits withMaxHandshakesPerAddress(int value) {
        return new HandshakeLimits(maxHandshakes, retry, retryThreshold, maxConnectionsPerAddress, OptionalInt.of(value));
    }

    @Override
    public String toString() {
        return "max-handshakes=" + maxHandshakes + ", retry=" + retry + ", retry-threshold=" + effectiveRetryThreshold()
                + ", max-connections-per-address=" + maxConnectionsPerAddress
                + ", max-handshakes-per-address=" + effectiveMaxHandshakesPerAddress();
    }
}
