package dev.quicregistry.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Retry tokens of one server (RFC 9000 §8.1.2): a token says "this address asked at this time
 * for this original connection id", sealed with HMAC-SHA256 under a random key that only this
 * server instance knows, and it expires. A client that cannot receive at the address it claims
 * never gets a valid token, so the server keeps no state for it.
 *
 * <p>Retry is asked for only from {@code threshold} handshakes under way (0: always): address
 * validation that switches on under load. A token is accepted once: the tokens spent within their
 * life are remembered, so a captured token cannot be replayed (at most {@code maxSpent}; beyond,
 * a token is taken without being remembered, and its handshake does not count as validated). The
 * address whose remembered token was accepted last is handed to the connection its packet creates
 * ({@link #takeValidated}): that handshake is of a validated address.
 *
 * <p>Token: {@code expiry (8 bytes, epoch millis) | HMAC(key, expiry | address | port | odcid) (32) | odcid}.
 *
 * <p>Invariants: the codec calls it on the server's single event-loop thread only, and so does the
 * tracker, so the one {@link Mac}, the spent tokens and the validated address are never used
 * concurrently; the key never leaves this object.
 */
final class RetryTokenHandler implements QuicTokenHandler {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int EXPIRY_LENGTH = Long.BYTES;
    private static final int MAC_LENGTH = 32;
    private static final int ODCID_OFFSET = EXPIRY_LENGTH + MAC_LENGTH;

    private final Mac mac;
    private final Clock clock;
    private final Duration lifetime;
    private final IntSupplier handshakesInProgress;
    private final int threshold;
    private final int maxSpent;
    /** The MACs of the tokens accepted, with their expiry, oldest first (one lifetime for all: also in expiry order). */
    private final LinkedHashMap<Spent, Long> spent = new LinkedHashMap<>();
    /** The address whose token was accepted last, until the connection its packet creates takes it. */
    private InetSocketAddress validated;
    /** Written on the event loop, read by tests on any thread. */
    private volatile long tokensAccepted;
    private volatile long tokensRefused;

    /**
     * Tokens living {@code lifetime}, asked for from {@code threshold} handshakes under way (0:
     * always), at most {@code maxSpent} of them remembered as spent.
     */
    RetryTokenHandler(Duration lifetime, Clock clock, IntSupplier handshakesInProgress, int threshold, int maxSpent) {
        this.lifetime = lifetime;
        this.clock = clock;
        this.handshakesInProgress = handshakesInProgress;
        this.threshold = threshold;
        this.maxSpent = maxSpent;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        if (handshakesInProgress.getAsInt() < threshold) {
            return false; // not under load: no Retry, the client saves a round trip
        }
        long expiry = clock.millis() + lifetime.toMillis();
        byte[] odcid = new byte[dcid.readableBytes()];
        dcid.getBytes(dcid.readerIndex(), odcid);
        out.writeLong(expiry).writeBytes(seal(expiry, address, odcid)).writeBytes(odcid);
        return true;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int start = token.readerIndex();
        int odcidLength = token.readableBytes() - ODCID_OFFSET;
        if (odcidLength <= 0 || odcidLength > Quic.MAX_CONN_ID_LEN) {
            return -1;
        }
        long expiry = token.getLong(start);
        long now = clock.millis();
        if (expiry < now || expiry > now + lifetime.toMillis()) {
            return -1;
        }
        byte[] presented = new byte[MAC_LENGTH];
        token.getBytes(start + EXPIRY_LENGTH, presented);
        byte[] odcid = new byte[odcidLength];
        token.getBytes(start + ODCID_OFFSET, odcid);
        if (!MessageDigest.isEqual(presented, seal(expiry, address, odcid))) {
            tokensRefused++;
            return -1;
        }
        Spent spentAs = Spent.of(presented);
        forgetExpired(now);
        if (spent.containsKey(spentAs)) {
            tokensRefused++; // a replay
            return -1;
        }
        tokensAccepted++;
        if (spent.size() < maxSpent) {
            spent.put(spentAs, expiry);
            validated = address;
        }
        // else: too many to remember; the token is taken, but its handshake is not counted as
        // validated, so it gives way like one without a token (refusing it would let anyone who
        // fills the memory lock every new client out)
        return ODCID_OFFSET;
    }

    private void forgetExpired(long now) {
        for (var oldest = spent.entrySet().iterator(); oldest.hasNext(); ) {
            if (oldest.next().getValue() >= now) {
                break;
            }
            oldest.remove();
        }
    }

    /**
     * Whether the connection from {@code remote}, just created, came from a packet whose token was
     * accepted (so its address is validated); the mark is taken, whatever the answer.
     */
    boolean takeValidated(SocketAddress remote) {
        boolean match = validated != null && validated.equals(remote);
        validated = null;
        return match;
    }

    /** Tokens accepted so far (each once). */
    long tokensAccepted() {
        return tokensAccepted;
    }

    /** Tokens refused so far: forged, expired or replayed. */
    long tokensRefused() {
        return tokensRefused;
    }

    @Override
    public int maxTokenLength() {
        return ODCID_OFFSET + Quic.MAX_CONN_ID_LEN;
    }

    private byte[] seal(long expiry, InetSocketAddress address, byte[] odcid) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            mac.update((byte) (expiry >>> shift));
        }
        mac.update(address.getAddress().getAddress());
        mac.update((byte) (address.getPort() >>> 8));
        mac.update((byte) address.getPort());
        mac.update(odcid);
        return mac.doFinal();
    }

    /** A spent token, by the first 16 bytes of its MAC (as unguessable as the whole, for this purpose). */
    private record Spent(long high, long low) {
        static Spent of(byte[] mac) {
            ByteBuffer bytes = ByteBuffer.wrap(mac);
            return new Spent(bytes.getLong(), bytes.getLong());
        }
    }
}
