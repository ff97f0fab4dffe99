package dev.quicregistry.rolling;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The servers' stream handler: echoes each request after its FIN; a request {@code hold:<millis>}
 * (a long request) is answered after that many milliseconds, scheduled on the stream's event loop
 * (nothing blocks it); a stream that closes first releases the reply with its failed write.
 * Requests are at most {@link #MAX_REQUEST_BYTES}; a longer one closes the stream.
 */
final class HeldReply extends ChannelInboundHandlerAdapter {

    static final String HOLD = "hold:";
    static final int MAX_REQUEST_BYTES = 1024;

    private final Runnable holding;
    private ByteBuf request;

    /** {@code holding} is told (on the event loop; it must not block) when a long request begins its hold. */
    HeldReply(Runnable holding) {
        this.holding = holding;
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
            if (request != null && request.readableBytes() + data.readableBytes() <= MAX_REQUEST_BYTES) {
                request.writeBytes(data);
            } else {
                ctx.close();
            }
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
        String text = request.toString(StandardCharsets.UTF_8);
        ByteBuf reply = request;
        request = null;
        long holdMillis = text.startsWith(HOLD) ? Long.parseLong(text.substring(HOLD.length()).trim()) : 0;
        if (holdMillis <= 0) {
            ctx.writeAndFlush(new DefaultQuicStreamFrame(reply, true));
        } else {
            holding.run();
            ctx.executor().schedule(() -> ctx.writeAndFlush(new DefaultQuicStreamFrame(reply, true)), holdMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The request text asking for a reply after {@code millis}. */
    static byte[] holdFor(long millis) {
        return (HOLD + millis).getBytes(StandardCharsets.UTF_8);
    }

}
