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
 * Netty does not keep, refuses connections beyond the limit, and refuses every new one once the
 * server is closing.
 *
 * <p>Invariants: a connection is listed from its {@code channelActive} (the handshake completed)
 * to its {@code channelInactive}; the listing only grows on the server's single event-loop thread,
 * so the limit check and the insertion cannot interleave with another insertion;
 * {@link #stopAccepting()} runs on that thread too, so the connections it returns are all that will
 * ever be listed; reads are a lock-free snapshot of a {@link ConcurrentHashMap}.
 */
@Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ConnectionTracker.class.getName());

    private final ConcurrentHashMap<QuicChannel, NettyQuicConnection> live = new ConcurrentHashMap<>();
    private final int maxConnections;
    /** Written and read on the event loop only. */
    private boolean accepting = true;

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

    /**
     * Refuses every connection from now on and returns those still open, to be closed. Call on the
     * server's event loop: a client that a closing server admitted would only lose its connection
     * a moment later, and a reconnecting client would count one replacement too many.
     */
    List<NettyQuicConnection> stopAccepting() {
        accepting = false;
        return connections();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        QuicChannel channel = (QuicChannel) ctx.channel();
        if (!accepting) {
            LOG.log(Level.DEBUG, () -> "refusing QUIC connection from " + channel.remoteSocketAddress() + ": server closing");
            channel.close(false, (int) QuicTransportError.CONNECTION_REFUSED.code(),
                    Unpooled.copiedBuffer("server closing", StandardCharsets.UTF_8));
            return;
        }
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
