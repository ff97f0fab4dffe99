package dev.quicregistry.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;

/** Ready-made stream handlers for {@link NettyQuicServer.Builder#streamHandler(ChannelHandler)}. */
public final class StreamHandlers {

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

    /** Echoes; half-closure lets it answer the peer's FIN with its own instead of closing at once. */
    @Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
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
}
