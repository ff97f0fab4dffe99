package dev.quicregistry.netty.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.lang.System.Logger.Level;

/**
 * The first handler of every stream: a peer that abandons a stream is ordinary traffic (an HTTP/3
 * client does it when its user navigates away), so the stream is closed here, whatever the
 * application's handler does with exceptions or failed writes, with a DEBUG line at most:
 * <ul>
 *   <li>RESET_STREAM (RFC 9000 §19.4): the reset that Netty fires as an exception goes no further;
 *       the application's handler sees the stream go inactive;</li>
 *   <li>STOP_SENDING (§19.5): where a write of the application's handler fails because of it (Netty
 *       fails queued writes with a {@link ChannelOutputShutdownException}, quiche's refusals come as
 *       a {@link QuicException}), the stream is closed then, instead of waiting for a handler that
 *       may never look at its write's outcome.</li>
 * </ul>
 * Without it the reset reaches the pipeline's tail (a WARNING with a stack trace per reset, which
 * any peer can trigger) and the stream stays open: it keeps counting against the peer's stream
 * limit, and after that many resets the peer can open no stream at all.
 */
@Sharable
final class PeerResetHandler extends ChannelDuplexHandler {

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

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise.unvoid()).addListener((ChannelFutureListener) written -> {
            Throwable failure = written.cause();
            boolean stopped = failure instanceof ChannelOutputShutdownException || failure instanceof QuicException;
            if (!written.isSuccess() && stopped && written.channel().isOpen()) {
                LOG.log(Level.DEBUG, () -> "peer stopped reading QUIC stream " + written.channel() + ": " + failure);
                written.channel().close();
            }
        });
    }
}
