package dev.quicregistry.netty.server;

import dev.quicregistry.api.QuicConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One live QUIC connection of a {@link NettyQuicServer}. The peer's address is taken when the
 * handshake completes, since Netty forgets it once the channel closes.
 */
final class NettyQuicConnection implements QuicConnection {

    /** QUIC application error code NO_ERROR: a clean close. */
    static final int NO_ERROR = 0;

    private final QuicChannel channel;
    private final InetSocketAddress remoteAddress;

    NettyQuicConnection(QuicChannel channel, InetSocketAddress remoteAddress) {
        this.channel = channel;
        this.remoteAddress = remoteAddress;
    }

    QuicChannel channel() {
        return channel;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes with NO_ERROR, which the peer sees as a clean application close; idempotent. */
    @Override
    public void close() {
        closeGracefully("closed by the server");
    }

    ChannelFuture closeGracefully(String reason) {
        return channel.close(true, NO_ERROR, Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "NettyQuicConnection[" + remoteAddress + (isOpen() ? "" : ", closed") + "]";
    }
}
