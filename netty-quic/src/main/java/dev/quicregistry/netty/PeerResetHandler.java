package dev.quicregistry.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.lang.System.Logger.Level;

/**
 * The first handler of every stream: a peer that abandons a stream (RESET_STREAM, RFC 9000 §19.4:
 * what an HTTP/3 client does when its user navigates away) is ordinary traffic, so the stream is
 * closed here, whatever the application's handler does with exceptions, and the reset goes no
 * further than a DEBUG line. The application's handler sees the stream go inactive.
 *
 * <p>Without it the reset reaches the pipeline's tail (a WARNING with a stack trace per reset, which
 * any peer can trigger) and the stream stays open: it keeps counting against the peer's stream
 * limit, and after that many resets the peer can open no stream at all.
 */
@Sharable
final class PeerResetHandler extends ChannelInboundHandlerAdapter {

    static final PeerResetHandler INSTANCE = new PeerResetHandler();
    private static final System.Logger LOG = System.getLogger(PeerResetHandler.class.getName());

    private PeerResetHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof QuicStreamResetException reset) {
            LOG.log(Level.DEBUG, () -> "peer reset QUIC stream " + ctx.channel() + ": " + reset.getMessage());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
