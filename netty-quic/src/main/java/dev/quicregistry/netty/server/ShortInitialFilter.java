package dev.quicregistry.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * The first handler of a server's UDP channel: drops a datagram that starts with a QUIC v1 Initial
 * packet but is shorter than 1 200 bytes, as RFC 9000 §14.1 requires of servers. A client pads its
 * Initials to 1 200 bytes; a shorter one is somebody making the server answer (a Retry, a first
 * flight) larger than what it sent, to an address it spoofed. Netty's codec answers them.
 *
 * <p>Stateless.
 */
@Sharable
final class ShortInitialFilter extends ChannelInboundHandlerAdapter {

    /** The smallest datagram that may carry a client's Initial (RFC 9000 §14.1). */
    static final int MIN_INITIAL_DATAGRAM = 1200;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket datagram && isShortInitial(datagram.content())) {
            datagram.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether {@code content} starts with a long-header Initial of QUIC version 1 and is shorter than 1 200 bytes. */
    static boolean isShortInitial(ByteBuf content) {
        int start = content.readerIndex();
        if (content.readableBytes() >= MIN_INITIAL_DATAGRAM || content.readableBytes() < 5) {
            return false;
        }
        int first = content.getUnsignedByte(start);
        boolean initial = (first & 0x80) != 0 && (first & 0x30) == 0; // long header, packet type 0
        return initial && content.getInt(start + 1) == 1;           // version 1 (others: negotiation)
    }
}
