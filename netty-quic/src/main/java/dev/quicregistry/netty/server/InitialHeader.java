package dev.quicregistry.netty.server;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The connection ids of a client's QUIC v1 Initial packet, read from the first packet of a
 * datagram (RFC 9000 §17.2.2) before the codec sees it; and the answer that refuses the connection
 * without the codec: an Initial carrying CONNECTION_CLOSE with CONNECTION_REFUSED (§10.2.3),
 * protected with the keys of the client's destination id ({@link InitialKeys}), under 300 bytes.
 * Immutable.
 */
final class InitialHeader {

    /** QUIC v1. */
    static final int VERSION_1 = 1;
    /** The longest connection id of QUIC v1. */
    static final int MAX_ID_LENGTH = 20;
    /** CONNECTION_REFUSED (RFC 9000 §20.1). */
    static final int CONNECTION_REFUSED = 0x02;
    /** The longest reason an answer carries (UTF-8 bytes): the answer stays small whatever the caller passes. */
    static final int MAX_REASON_LENGTH = 64;

    private static final int CONNECTION_CLOSE_FRAME = 0x1c; // the transport one: the only one allowed in an Initial

    /** The id the client sent to: chosen by the client in its first Initial, by the server after. */
    private final byte[] destinationId;
    /** The client's own id, which an answer is addressed to. */
    private final byte[] sourceId;

    private InitialHeader(byte[] destinationId, byte[] sourceId) {
        this.destinationId = destinationId;
        this.sourceId = sourceId;
    }

    /** The id the client sent this packet to (not a copy: read it only). */
    byte[] destinationId() {
        return destinationId;
    }

    /**
     * The ids of the Initial that {@code datagram} starts with; null where it starts with anything
     * else (a short header, another long packet type, another version) or is cut short.
     */
    static InitialHeader read(ByteBuf datagram) {
        int at = datagram.readerIndex();
        int end = datagram.writerIndex();
        if (end - at < 7) {
            return null;
        }
        int first = datagram.getUnsignedByte(at);
        // A long-header v1 Initial (version negotiation stays the codec's). The fixed bit is not
        // asked: the codec does not ask it either, so a packet without it would still start a connection.
        if ((first & 0x80) == 0 || (first & 0x30) != 0 || datagram.getInt(at + 1) != VERSION_1) {
            return null;
        }
        int destinationLength = datagram.getUnsignedByte(at + 5);
        int sourceAt = at + 6 + destinationLength;
        if (destinationLength > MAX_ID_LENGTH || sourceAt >= end) {
            return null;
        }
        int sourceLength = datagram.getUnsignedByte(sourceAt);
        if (sourceLength > MAX_ID_LENGTH || sourceAt + 1 + sourceLength > end) {
            return null;
        }
        byte[] destination = new byte[destinationLength];
        datagram.getBytes(at + 6, destination);
        byte[] source = new byte[sourceLength];
        datagram.getBytes(sourceAt + 1, source);
        return new InitialHeader(destination, source);
    }

    /**
     * The datagram that refuses this client's connection: a server Initial (packet number 0, to the
     * client's source id, from its destination id) whose one frame is CONNECTION_CLOSE with
     * CONNECTION_REFUSED and {@code reason} (cut to {@value #MAX_REASON_LENGTH} bytes).
     */
    byte[] refusal(String reason) {
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        int phraseLength = Math.min(phrase.length, MAX_REASON_LENGTH);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(CONNECTION_CLOSE_FRAME);
        payload.write(CONNECTION_REFUSED);
        payload.write(0); // the frame type that caused it: none
        payload.write(phraseLength); // a one-byte varint: under 64
        payload.write(phrase, 0, phraseLength);

        int packetNumberLength = 1;
        int length = packetNumberLength + payload.size() + 16; // packet number, frames, AEAD tag
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0xc0 | (packetNumberLength - 1)); // long header, fixed bit, Initial
        header.write(0);
        header.write(0);
        header.write(0);
        header.write(VERSION_1);
        header.write(sourceId.length);
        header.write(sourceId, 0, sourceId.length);
        header.write(destinationId.length);
        header.write(destinationId, 0, destinationId.length);
        header.write(0); // no token
        header.write(0x40 | (length >>> 8)); // Length, a two-byte varint
        header.write(length & 0xff);
        header.write(0); // packet number 0
        return InitialKeys.server(destinationId).seal(header.toByteArray(), packetNumberLength, 0, payload.toByteArray());
    }
}
