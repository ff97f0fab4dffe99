package dev.quicregistry.netty.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a QUIC v1 server protects its Initial packets with, derived from the client's first
 * destination connection id as RFC 9001 §5.2 says (anyone can derive them: they protect against
 * nothing but off-path tampering), and the sealing of one packet with them (§5.3 AEAD, §5.4 header
 * protection). Enough to answer a client's first Initial without the codec: a CONNECTION_CLOSE
 * costs a key derivation and one AES-GCM, no TLS. Immutable.
 */
final class InitialKeys {

    /** QUIC v1's initial salt (RFC 9001 §5.2). */
    private static final byte[] INITIAL_SALT = HexFormat.of().parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final String HMAC = "HmacSHA256";
    private static final int TAG_LENGTH = 16;
    private static final int SAMPLE_LENGTH = 16;

    /** AEAD_AES_128_GCM's key. */
    private final SecretKeySpec key;
    /** The 12 bytes a packet number is XORed into for the nonce. */
    private final byte[] iv;
    /** The header protection key (AES-128). */
    private final SecretKeySpec hp;

    private InitialKeys(SecretKeySpec key, byte[] iv, SecretKeySpec hp) {
        this.key = key;
        this.iv = iv;
        this.hp = hp;
    }

    /** The server's Initial keys of the connection whose client chose {@code clientDestinationId} first. */
    static InitialKeys server(byte[] clientDestinationId) {
        byte[] initialSecret = hmac(INITIAL_SALT, clientDestinationId); // HKDF-Extract
        byte[] serverSecret = expandLabel(initialSecret, "server in", 32);
        return new InitialKeys(new SecretKeySpec(expandLabel(serverSecret, "quic key", 16), "AES"),
                expandLabel(serverSecret, "quic iv", 12), new SecretKeySpec(expandLabel(serverSecret, "quic hp", 16), "AES"));
    }

    /**
     * The protected packet: {@code header} (a long header ending with the {@code pnLength} bytes of
     * packet number {@code packetNumber}, its Length field already counting the 16-byte tag) then
     * {@code payload} sealed, then the header protected. The payload must be long enough for the
     * header protection's sample: {@code pnLength + payload.length >= 4}.
     */
    byte[] seal(byte[] header, int pnLength, long packetNumber, byte[] payload) {
        try {
            byte[] nonce = iv.clone();
            for (int i = 0; i < Long.BYTES; i++) {
                nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
            }
            Cipher aead = Cipher.getInstance("AES/GCM/NoPadding"); // a fresh one: GCM refuses a key and nonce used before
            aead.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            aead.updateAAD(header);
            byte[] sealed = aead.doFinal(payload);

            byte[] packet = new byte[header.length + sealed.length];
            System.arraycopy(header, 0, packet, 0, header.length);
            System.arraycopy(sealed, 0, packet, header.length, sealed.length);
            int pnOffset = header.length - pnLength;
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, hp);
            byte[] mask = ecb.doFinal(packet, pnOffset + 4, SAMPLE_LENGTH);
            packet[0] ^= (byte) (mask[0] & 0x0f); // a long header protects its low four bits
            for (int i = 0; i < pnLength; i++) {
                packet[pnOffset + i] ^= mask[1 + i];
            }
            return packet;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** HKDF-Expand-Label of TLS 1.3 (RFC 8446 §7.1) with an empty context, for lengths up to 32 (one HMAC block). */
    private static byte[] expandLabel(byte[] secret, String label, int length) {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + fullLabel.length + 1 + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) fullLabel.length;
        System.arraycopy(fullLabel, 0, info, 3, fullLabel.length);
        info[3 + fullLabel.length] = 0; // the context: empty
        info[info.length - 1] = 1;      // HKDF-Expand's counter: T(1) alone is 32 bytes
        byte[] block = hmac(secret, info);
        byte[] out = new byte[length];
        System.arraycopy(block, 0, out, 0, length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    }
}
