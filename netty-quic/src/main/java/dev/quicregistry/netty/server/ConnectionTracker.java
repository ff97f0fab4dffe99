package dev.quicregistry.netty.server;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handler of every {@link QuicChannel} of one server: keeps the list of live connections that
 * Netty does not keep, and admits each new connection as early as the codec allows, when its first
 * Initial packet creates the channel (before any handshake work): refused once the server is
 * closing or when {@code max-connections} is reached; admitted, at the expense of the oldest
 * half-open handshake, when {@code max-handshakes} are under way.
 *
 * <p>Invariants: a connection is in {@code handshaking} from its {@code channelRegistered} to its
 * {@code channelActive} (the handshake completed) or {@code channelInactive}, and in {@code live}
 * from its {@code channelActive} to its {@code channelInactive}; both only change on the server's
 * single event-loop thread, so the limit checks and the insertions cannot interleave;
 * {@code handshaking.size() <= maxHandshakes} and {@code handshaking.size() + live.size() <=
 * maxConnections} after every event; {@link #stopAccepting()} runs on that thread too, so the
 * connections it returns are all that will ever be listed; reads from other threads are a
 * lock-free snapshot of a {@link ConcurrentHashMap} and volatile counters.
 */
@Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ConnectionTracker.class.getName());

    private final ConcurrentHashMap<QuicChannel, NettyQuicConnection> live = new ConcurrentHashMap<>();
    /** Oldest first; event loop only. */
    private final LinkedHashSet<QuicChannel> handshaking = new LinkedHashSet<>();
    private final int maxConnections;
    private final int maxHandshakes;
    /** Written and read on the event loop only. */
    private boolean accepting = true;
    /** Written on the event loop only: whether the connection limit was reported at WARNING already. */
    private boolean limitReported;
    private volatile int handshakesInProgress;
    private volatile int mostHandshakesInProgress;

    ConnectionTracker(int maxConnections, int maxHandshakes) {
        this.maxConnections = maxConnections;
        this.maxHandshakes = maxHandshakes;
    }

    /** A snapshot of the live connections. */
    List<QuicConnection> snapshot() {
        return List.copyOf(live.values());
    }

    /** The live connections, for closing them. */
    List<NettyQuicConnection> connections() {
        return List.copyOf(live.values());
    }

    /** Connections whose handshake is under way now. */
    int handshakesInProgress() {
        return handshakesInProgress;
    }

    /** The most handshakes that were under way at once since the server started. */
    int mostHandshakesInProgress() {
        return mostHandshakesInProgress;
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
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        QuicChannel channel = (QuicChannel) ctx.channel();
        if (!accepting) {
            LOG.log(Level.DEBUG, () -> "refusing QUIC connection from " + channel.remoteSocketAddress() + ": server closing");
            refuse(channel, "server closing");
            return;
        }
        if (handshaking.size() + live.size() >= maxConnections) {
            Level level = limitReported ? Level.DEBUG : Level.WARNING;
            limitReported = true;
            LOG.log(level, () -> "refusing QUIC connection from " + channel.remoteSocketAddress() + ": max-connections="
                    + maxConnections + " reached (" + live.size() + " connected, " + handshaking.size()
                    + " handshaking; reported once at WARNING)");
            refuse(channel, "max-connections reached");
            return;
        }
        if (handshaking.size() >= maxHandshakes) {
            QuicChannel oldest = handshaking.iterator().next();
            handshaking.remove(oldest);
            LOG.log(Level.DEBUG, () -> "dropping the oldest half-open QUIC handshake, from " + oldest.remoteSocketAddress()
                    + ": max-handshakes=" + maxHandshakes + " under way");
            refuse(oldest, "too many handshakes");
        }
        handshaking.add(channel);
        counted();
        super.channelRegistered(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        QuicChannel channel = (QuicChannel) ctx.channel();
        if (!handshaking.remove(channel)) {
            return; // refused or dropped while its handshake completed: it is closing
        }
        counted();
        SocketAddress remote = channel.remoteSocketAddress();
        if (remote instanceof InetSocketAddress address) {
            live.put(channel, new NettyQuicConnection(channel, address));
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        forget((QuicChannel) ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
        forget((QuicChannel) ctx.channel());
        super.channelUnregistered(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Errors of one connection stay with that connection: quiche closes it where the error is fatal.
        LOG.log(Level.DEBUG, () -> "QUIC connection " + ctx.channel().remoteAddress() + " failed", cause);
    }

    private void forget(QuicChannel channel) {
        live.remove(channel);
        if (handshaking.remove(channel)) {
            counted();
        }
    }

    private void counted() {
        int now = handshaking.size();
        handshakesInProgress = now;
        if (now > mostHandshakesInProgress) {
            mostHandshakesInProgress = now;
        }
    }

    /**
     * Closes with CONNECTION_REFUSED once the packet that created the channel has been processed
     * (a task after this one on the event loop): only then has the connection the keys to send its
     * CONNECTION_CLOSE, so the client learns of the refusal at once instead of timing out. Until
     * then the channel counts nowhere; a flood adds at most one read batch of such channels.
     */
    private static void refuse(QuicChannel channel, String reason) {
        channel.eventLoop().execute(() -> channel.close(false, (int) QuicTransportError.CONNECTION_REFUSED.code(),
                Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8)));
    }
}
