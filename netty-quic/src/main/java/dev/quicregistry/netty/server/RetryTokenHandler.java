package dev.quicregistry.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Retry tokens of one server (RFC 9000 §8.1.2): a token says "this address asked at this time
 * for this original connection id", sealed with HMAC-SHA256 under a random key that only this
 * server instance knows, and it expires. A client that cannot receive at the address it claims
 * never gets a valid token, so the server keeps no state for it.
 *
 * <p>Token: {@code expiry (8 bytes, epoch millis) | HMAC(key, expiry | address | port | odcid) (32) | odcid}.
 *
 * <p>Invariants: the codec calls it on the server's single event-loop thread only, so the one
 * {@link Mac} is never used concurrently; the key never leaves this object.
 */
final class RetryTokenHandler implements QuicTokenHandler {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int EXPIRY_LENGTH = Long.BYTES;
    private static final int MAC_LENGTH = 32;
    private static final int ODCID_OFFSET = EXPIRY_LENGTH + MAC_LENGTH;

    private final Mac mac;
    private final Clock clock;
    private final Duration lifetime;

    RetryTokenHandler(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
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
        return MessageDigest.isEqual(presented, seal(expiry, address, odcid)) ? ODCID_OFFSET : -1;
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
}
