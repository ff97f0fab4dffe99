package dev.quicregistry.netty.client;

import dev.quicregistry.reconnect.PeerGoingAwayException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.CompletableFuture;

/**
 * First in an attempt's UDP pipeline: where nothing listens at the server's address any more (a
 * server that stopped while it was still listed), the connected socket reports ICMP "port
 * unreachable". The attempt then ends at once as a refusal, as a server that drains refuses a
 * handshake: the client dials again without a backoff step, passing this endpoint over, instead of
 * waiting out connectTimeout. On the attempt's event loop; one instance per attempt.
 */
final class NothingListens extends ChannelInboundHandlerAdapter {

    private final String serverName;
    private final InetSocketAddress remote;
    private final CompletableFuture<QuicChannel> attempt;
    private final ServerLocator locator;

    NothingListens(String serverName, InetSocketAddress remote, CompletableFuture<QuicChannel> attempt, ServerLocator locator) {
        this.serverName = serverName;
        this.remote = remote;
        this.attempt = attempt;
        this.locator = locator;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof PortUnreachableException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (attempt.isDone()) {
            return; // a connection's socket: the connection's idle timeout or the server's close ends it
        }
        locator.wentAway(remote);
        if (attempt.completeExceptionally(new PeerGoingAwayException("QUIC server '" + serverName + "' at " + remote
                + " is not listening (ICMP port unreachable)"))) {
            ctx.close();
        }
    }
}
