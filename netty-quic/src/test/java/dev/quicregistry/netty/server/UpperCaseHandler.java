package dev.quicregistry.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A stateful, not sharable stream handler: collects the request until FIN, replies upper-cased with FIN. */
final class UpperCaseHandler extends ChannelInboundHandlerAdapter {

    private final StringBuilder request = new StringBuilder();

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        try {
            request.append(data.toString(StandardCharsets.UTF_8));
        } finally {
            data.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            String reply = request.toString().toUpperCase(Locale.ROOT);
            ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.copiedBuffer(reply, StandardCharsets.UTF_8), true));
        }
    }
}
