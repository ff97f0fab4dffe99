package dev.quicregistry.netty;

import dev.quicregistry.api.QuicConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicTransportError;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handler of every {@link QuicChannel} of one server: keeps the list of live connections that
 * Netty does not keep, and refuses connections beyond the limit.
 *
 * <p>Invariants: a connection is listed from its {@code channelActive} (the handshake completed)
 * to its {@code channelInactive}; the listing only grows on the server's single event-loop thread,
 * so the limit check and the insertion cannot interleave with another insertion; reads are a
 * lock-free snapshot of a {@link ConcurrentHashMap}.
 */
@Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ConnectionTracker.class.getName());

    private final ConcurrentHashMap<QuicChannel, NettyQuicConnection> live = new ConcurrentHashMap<>();
    private final int maxConnections;

    ConnectionTracker(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** A snapshot of the live connections. */
    List<QuicConnection> snapshot() {
        return List.copyOf(live.values());
    }

    /** The live connections, for closing them. */
    List<NettyQuicConnection> connections() {
        return List.copyOf(live.values());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        QuicChannel channel = (QuicChannel) ctx.channel();
        if (live.size() >= maxConnections) {
            LOG.log(Level.WARNING, () -> "refusing QUIC connection from " + channel.remoteSocketAddress()
                    + ": max-connections=" + maxConnections + " reached");
            channel.close(false, (int) QuicTransportError.CONNECTION_REFUSED.code(),
                    Unpooled.copiedBuffer("max-connections reached", StandardCharsets.UTF_8));
            return;
        }
        SocketAddress remote = channel.remoteSocketAddress();
        if (remote instanceof InetSocketAddress address) {
            live.put(channel, new NettyQuicConnection(channel, address));
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        live.remove((QuicChannel) ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Errors of one connection stay with that connection: quiche closes it where the error is fatal.
        LOG.log(Level.DEBUG, () -> "QUIC connection " + ctx.channel().remoteAddress() + " failed", cause);
    }
}
