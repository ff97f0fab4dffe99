package dev.quicregistry.netty.server;

import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The connection ids one server issues (for its connections and its Retry packets), which it can
 * tell from ids a client chose without keeping any: random bytes followed by 8 bytes of their
 * HMAC-SHA256 under a key only this server instance knows. An Initial sent to such an id belongs
 * to a connection or a Retry of this server; one sent to any other id starts a new connection
 * ({@link NewConnectionGate}).
 *
 * <p>Invariants: the one {@link Mac} is used under this object's monitor only (the codec and the
 * gate call it on the server's event loop, but Netty does not promise that of every id it asks
 * for); the key never leaves this object.
 */
final class SignedConnectionIds implements QuicConnectionIdGenerator {

    /** Bytes of the tag at an id's end. */
    static final int TAG_LENGTH = 8;
    /** The shortest id that is signed: random bytes enough not to collide, and the tag. Shorter ones are random only. */
    static final int MIN_SIGNED_LENGTH = 16;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecureRandom random = new SecureRandom();
    private final Mac mac;

    SignedConnectionIds() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
    }

    @Override
    public ByteBuffer newId(int length) {
        byte[] id = new byte[length];
        int body = length >= MIN_SIGNED_LENGTH ? length - TAG_LENGTH : length;
        byte[] random = new byte[body];
        this.random.nextBytes(random);
        System.arraycopy(random, 0, id, 0, body);
        if (body < length) {
            System.arraycopy(tag(id, body), 0, id, body, TAG_LENGTH);
        }
        return ByteBuffer.wrap(id);
    }

    /** A new id: the input is not used (ids are random, so a retransmitted packet never maps to another connection by its id). */
    @Override
    public ByteBuffer newId(ByteBuffer input, int length) {
        return newId(length);
    }

    @Override
    public ByteBuffer newId(ByteBuffer scid, ByteBuffer dcid, int length) {
        return newId(length);
    }

    @Override
    public int maxConnectionIdLength() {
        return InitialHeader.MAX_ID_LENGTH;
    }

    @Override
    public boolean isIdempotent() {
        return false;
    }

    /** Whether this server issued {@code id}. */
    boolean issued(byte[] id) {
        if (id.length < MIN_SIGNED_LENGTH) {
            return false;
        }
        int body = id.length - TAG_LENGTH;
        byte[] presented = new byte[TAG_LENGTH];
        System.arraycopy(id, body, presented, 0, TAG_LENGTH);
        return MessageDigest.isEqual(presented, tag(id, body));
    }

    private synchronized byte[] tag(byte[] id, int body) {
        mac.update(id, 0, body);
        mac.update((byte) id.length);
        byte[] full = mac.doFinal();
        byte[] tag = new byte[TAG_LENGTH];
        System.arraycopy(full, 0, tag, 0, TAG_LENGTH);
        return tag;
    }
}
