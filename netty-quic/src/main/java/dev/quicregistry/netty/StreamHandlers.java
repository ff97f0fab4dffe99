package dev.quicregistry.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Ready-made stream handlers for {@link dev.quicregistry.netty.server.NettyQuicServer.Builder#streamHandler}: echo, and request-reply. */
public final class StreamHandlers {

    private static final System.Logger LOG = System.getLogger(StreamHandlers.class.getName());
    private static final ChannelHandler ECHO = new Echo();

    private StreamHandlers() {
    }

    /**
     * Writes every byte a stream receives back on that stream, and ends its side of the stream
     * (FIN) once the peer has ended its side.
     */
    public static ChannelHandler echo() {
        return ECHO;
    }

    /**
     * Request and reply, one per stream: collects what the peer sends until it ends its side (FIN),
     * then writes {@code reply.apply(request)} and ends the stream. A request longer than
     * {@code maxRequestBytes}, or a reply function that throws, resets the stream (logged) and
     * leaves the connection and the server running. Use it as {@code streamHandler(requestReply(...))}.
     */
    public static Supplier<ChannelHandler> requestReply(int maxRequestBytes, UnaryOperator<byte[]> reply) {
        if (maxRequestBytes < 0) {
            throw new IllegalArgumentException("maxRequestBytes=" + maxRequestBytes + " is not valid: expected at least 0");
        }
        Objects.requireNonNull(reply, "reply must not be null");
        return () -> new RequestReply(maxRequestBytes, reply);
    }

    /**
     * Echoes, with back-pressure the Netty way: while the stream cannot take more (the peer grants
     * no credit and the outbound buffer passed its high-water mark), it stops reading, so the peer's
     * flow control stops the peer; it reads again once the stream is writable. Half-closure lets it
     * answer the peer's FIN with its own instead of closing at once.
     */
    @Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
            if (!ctx.channel().isWritable()) {
                ctx.flush();
                // checked again after the flush: the flush may have handed everything over and made the
                // stream writable already, firing the writability event that would resume reading
                if (!ctx.channel().isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true));
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }
    }

    /** Collects one request per stream, bounded, then replies and ends the stream. */
    private static final class RequestReply extends ChannelInboundHandlerAdapter {

        private final int maxRequestBytes;
        private final UnaryOperator<byte[]> reply;
        private ByteBuf request;

        RequestReply(int maxRequestBytes, UnaryOperator<byte[]> reply) {
            this.maxRequestBytes = maxRequestBytes;
            this.reply = reply;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            request = ctx.alloc().buffer();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (request != null) {
                request.release();
                request = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            try {
                if (request == null) {
                    return; // refused already
                }
                if (request.readableBytes() + data.readableBytes() > maxRequestBytes) {
                    refuse(ctx, "request longer than maxRequestBytes=" + maxRequestBytes, null);
                    return;
                }
                request.writeBytes(data);
            } finally {
                data.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (!(event instanceof ChannelInputShutdownEvent) || request == null) {
                ctx.fireUserEventTriggered(event);
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(request);
            request.release();
            request = null;
            byte[] answer;
            try {
                answer = Objects.requireNonNull(reply.apply(bytes), "the reply function returned null");
            } catch (RuntimeException e) {
                refuse(ctx, "the reply function failed", e);
                return;
            }
            ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(answer), true));
        }

        private void refuse(ChannelHandlerContext ctx, String reason, RuntimeException cause) {
            // A peer's oversized request is the peer's doing, any peer can repeat it: DEBUG. A reply
            // function that fails is the application's: WARNING, with its stack trace.
            LOG.log(cause == null ? Level.DEBUG : Level.WARNING, "resetting QUIC stream " + ctx.channel() + ": " + reason, cause);
            if (request != null) {
                request.release();
                request = null;
            }
            ((QuicStreamChannel) ctx.channel()).shutdown(QuicErrorCodes.REQUEST_FAILED); // not REQUEST_REJECTED: sent again, it fails again
        }
    }
}
