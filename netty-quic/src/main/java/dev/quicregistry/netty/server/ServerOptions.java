package dev.quicregistry.netty.server;

import dev.quicregistry.api.InvalidOptionException;
import dev.quicregistry.support.Durations;
import dev.quicregistry.support.Secrets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The option keys a {@link NettyQuicServer} reads from {@link dev.quicregistry.api.ServerSettings#options()}
 * (from MicroProfile Config: {@code quic.server.<name>.<key>}). An option overrides the builder's value
 * for that start; a bad value fails the start with an error naming the key, the value and what was expected.
 */
public final class ServerOptions {

    /** Application protocols, comma-separated, in preference order: {@code h3} or {@code echo,echo-v0}. */
    public static final String ALPN = "alpn";
    /** Path of the PEM file holding the X.509 certificate chain, leaf first. */
    public static final String CERT = "cert";
    /** Path of the PEM file holding the PKCS#8 private key of the certificate. */
    public static final String KEY = "key";
    /** Password of an encrypted {@link #KEY}; shown as {@code ***} wherever options are printed. */
    public static final String KEY_PASSWORD = "key-password";
    /** {@code true}: generate a self-signed certificate at start (samples and tests only); {@code false} is the default. */
    public static final String SELF_SIGNED = "self-signed";
    /** Idle timeout of a connection: ISO-8601 ({@code PT30S}, {@code PT0.5S}) or whole seconds ({@code 30}); more than zero. */
    public static final String IDLE_TIMEOUT = "idle-timeout";
    /**
     * Connections at most, counting those whose handshake is under way: one more is refused
     * (CONNECTION_REFUSED) as soon as its first packet arrives, before any handshake work.
     */
    public static final String MAX_CONNECTIONS = "max-connections";
    /** Bidirectional streams a peer may open per connection (QUIC initial_max_streams_bidi). */
    public static final String MAX_BIDI_STREAMS = "max-bidi-streams";
    /** Unidirectional streams a peer may open per connection (QUIC initial_max_streams_uni). */
    public static final String MAX_UNI_STREAMS = "max-uni-streams";
    /** Bytes a peer may send per connection before the server extends the window (initial_max_data). */
    public static final String MAX_DATA = "max-data";
    /** Bytes a peer may send per stream before the server extends the window (initial_max_stream_data_*). */
    public static final String MAX_STREAM_DATA = "max-stream-data";
    /** How long {@code close()} waits for each step (connections, channel, event loop); same formats as {@link #IDLE_TIMEOUT}. */
    public static final String CLOSE_TIMEOUT = "close-timeout";

    /**
     * Handshakes under way at once, at most (default 256); past it the oldest handshake of an address
     * that was not validated (no Retry token) gives way to the new one, so a flood of Initial packets
     * holds bounded state and a validated client's handshake is never the one dropped.
     */
    public static final String MAX_HANDSHAKES = "max-handshakes";
    /**
     * {@code true}: every client must first echo a Retry token (RFC 9000 §8.1), so no state is
     * kept for an address that was not validated; costs one round trip per connection. Default {@code false}.
     */
    public static final String RETRY = "retry";
    /**
     * Handshakes under way from which every new client must first echo a Retry token (default: a
     * quarter of {@link #MAX_HANDSHAKES}, 64): address validation that switches on under load, as
     * QUIC servers do, so a flood from spoofed addresses holds at most this many handshakes and a
     * real client always finds a place. {@link #RETRY}{@code =true} asks for a token always.
     */
    public static final String RETRY_THRESHOLD = "retry-threshold";
    /**
     * Connections one IP address holds at most, counting handshakes (default 256): one more from it
     * is refused, so one address cannot fill {@link #MAX_CONNECTIONS} alone.
     */
    public static final String MAX_CONNECTIONS_PER_ADDRESS = "max-connections-per-address";
    /**
     * Handshakes one IP address (IPv6: one /64) has under way at most (default an eighth of
     * {@link #MAX_HANDSHAKES}, 32): one source, validated or not, cannot hold every handshake place.
     */
    public static final String MAX_HANDSHAKES_PER_ADDRESS = "max-handshakes-per-address";

    /** Every key above. */
    public static final Set<String> KEYS = Set.of(ALPN, CERT, KEY, KEY_PASSWORD, SELF_SIGNED, IDLE_TIMEOUT,
            MAX_CONNECTIONS, MAX_BIDI_STREAMS, MAX_UNI_STREAMS, MAX_DATA, MAX_STREAM_DATA, CLOSE_TIMEOUT, MAX_HANDSHAKES, RETRY,
            RETRY_THRESHOLD, MAX_CONNECTIONS_PER_ADDRESS, MAX_HANDSHAKES_PER_ADDRESS);

    private ServerOptions() {
    }

    /**
     * The configuration for one start: {@code defaults} with every known option laid over it.
     *
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    static ServerConfig apply(ServerConfig defaults, Map<String, String> options) {
        return new ServerConfig(
                string(options, ALPN).map(value -> alpn(ALPN, value)).orElse(defaults.alpn()),
                string(options, CERT).map(value -> path(CERT, value)).or(defaults::cert),
                string(options, KEY).map(value -> path(KEY, value)).or(defaults::key),
                string(options, KEY_PASSWORD).or(defaults::keyPassword),
                string(options, SELF_SIGNED).map(value -> bool(SELF_SIGNED, value)).orElse(defaults.selfSigned()),
                string(options, IDLE_TIMEOUT).map(value -> duration(IDLE_TIMEOUT, value)).orElse(defaults.idleTimeout()),
                string(options, MAX_CONNECTIONS).map(value -> (int) number(MAX_CONNECTIONS, value, 1, Integer.MAX_VALUE))
                        .orElse(defaults.maxConnections()),
                string(options, MAX_BIDI_STREAMS).map(value -> number(MAX_BIDI_STREAMS, value, 0, 1L << 60))
                        .orElse(defaults.maxBidiStreams()),
                string(options, MAX_UNI_STREAMS).map(value -> number(MAX_UNI_STREAMS, value, 0, 1L << 60))
                        .orElse(defaults.maxUniStreams()),
                string(options, MAX_DATA).map(value -> number(MAX_DATA, value, 0, 1L << 62)).orElse(defaults.maxData()),
                string(options, MAX_STREAM_DATA).map(value -> number(MAX_STREAM_DATA, value, 0, 1L << 62))
                        .orElse(defaults.maxStreamData()),
                string(options, CLOSE_TIMEOUT).map(value -> duration(CLOSE_TIMEOUT, value)).orElse(defaults.closeTimeout()),
                handshakes(defaults.handshakes(), options));
    }

    private static HandshakeLimits handshakes(HandshakeLimits defaults, Map<String, String> options) {
        return new HandshakeLimits(
                string(options, MAX_HANDSHAKES).map(value -> (int) number(MAX_HANDSHAKES, value, 1, Integer.MAX_VALUE))
                        .orElse(defaults.maxHandshakes()),
                string(options, RETRY).map(value -> bool(RETRY, value)).orElse(defaults.retry()),
                string(options, RETRY_THRESHOLD).map(value -> OptionalInt.of((int) number(RETRY_THRESHOLD, value, 0, Integer.MAX_VALUE)))
                        .orElse(defaults.retryThreshold()),
                string(options, MAX_CONNECTIONS_PER_ADDRESS)
                        .map(value -> (int) number(MAX_CONNECTIONS_PER_ADDRESS, value, 1, Integer.MAX_VALUE))
                        .orElse(defaults.maxConnectionsPerAddress()),
                string(options, MAX_HANDSHAKES_PER_ADDRESS)
                        .map(value -> OptionalInt.of((int) number(MAX_HANDSHAKES_PER_ADDRESS, value, 1, Integer.MAX_VALUE)))
                        .orElse(defaults.maxHandshakesPerAddress()));
    }

    /** The keys of {@code options} this binding does not know (likely typos), sorted. */
    static Set<String> unknownKeys(Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KEYS);
        return unknown;
    }

    private static Optional<String> string(Map<String, String> options, String key) {
        return Optional.ofNullable(options.get(key)).map(String::trim);
    }

    static List<String> alpn(String key, String value) {
        List<String> protocols = Arrays.stream(value.split(",", -1)).map(String::trim).toList();
        for (String protocol : protocols) {
            if (protocol.isEmpty() || protocol.length() > 255 || !protocol.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw invalid(key, value, "a comma-separated list of protocol names (1..255 printable ASCII characters"
                        + " each, no spaces), such as h3 or echo,echo-v0");
            }
        }
        return protocols;
    }

    private static Path path(String key, String value) {
        if (value.isEmpty()) {
            throw invalid(key, value, "the path of a PEM file");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid(key, value, "the path of a PEM file (" + e.getReason() + ")");
        }
    }

    private static boolean bool(String key, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw invalid(key, value, "true or false");
        }
    }

    /** A positive duration, as {@link Durations} reads them. */
    static Duration duration(String key, String value) {
        return Durations.positive(value).orElseThrow(() -> invalid(key, value, Durations.EXPECTED));
    }

    private static long number(String key, String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number in " + min + ".." + max);
        }
        if (number < min || number > max) {
            throw invalid(key, value, "a whole number in " + min + ".." + max);
        }
        return number;
    }

    static InvalidOptionException invalid(String key, String value, String expected) {
        return new InvalidOptionException(key, "option " + key + "=" + Secrets.shown(key, value) + " is not valid: expected "
                + expected);
    }
}
