package dev.quicregistry.netty.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;
import java.net.PortUnreachableException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last handler of a server's UDP channel: an exception that reaches it is a failure of the
 * socket or of the QUIC codec itself (errors of one connection stay in that connection's channel),
 * so it records the cause and closes the channel; the server then terminates with that cause.
 * An ICMP port-unreachable report about one peer is not such a failure and is ignored.
 */
@Sharable
final class ServerChannelFailureHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ServerChannelFailureHandler.class.getName());

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** The first failure that closed the channel, if one did. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            LOG.log(Level.DEBUG, "ignoring an ICMP port-unreachable report on " + ctx.channel().localAddress(), cause);
            return;
        }
        if (failure.compareAndSet(null, cause)) {
            LOG.log(Level.ERROR, "QUIC server channel " + ctx.channel().localAddress() + " failed; closing it", cause);
        }
        ctx.close();
    }
}
