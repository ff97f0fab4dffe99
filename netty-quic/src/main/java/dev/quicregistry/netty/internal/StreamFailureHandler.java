package dev.quicregistry.netty.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;

/**
 * The last handler of every stream: an exception that the application's handler passed on (or did
 * not handle) closes that stream, so a failed stream never stays open and counts against the peer's
 * stream limit; the connection and the server go on. Logged once per stream at WARNING: it is a
 * failure of the application's handler, not of the peer.
 */
@Sharable
final class StreamFailureHandler extends ChannelInboundHandlerAdapter {

    static final StreamFailureHandler INSTANCE = new StreamFailureHandler();
    private static final System.Logger LOG = System.getLogger(StreamFailureHandler.class.getName());

    private StreamFailureHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().isOpen()) {
            LOG.log(Level.WARNING, "QUIC stream " + ctx.channel() + " failed in its handler; closing the stream", cause);
            ctx.close();
        }
    }
}
