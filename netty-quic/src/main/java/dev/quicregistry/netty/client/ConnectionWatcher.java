package dev.quicregistry.netty.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The handler of one client {@link QuicChannel}: remembers why it ends (the server's
 * CONNECTION_CLOSE, an exception, an idle timeout) so the loss can be reported with that reason,
 * and closes the connection on an exception. One instance per connection.
 *
 * <p>Invariant: its fields are written and read on the connection's event loop only
 * (handler callbacks and close-future listeners run there).
 */
final class ConnectionWatcher extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ConnectionWatcher.class.getName());

    private final String serverName;
    private final InetSocketAddress remote;
    private Optional<QuicConnectionCloseEvent> closedByPeer = Optional.empty();
    private Optional<Throwable> failure = Optional.empty();

    ConnectionWatcher(String serverName, InetSocketAddress remote) {
        this.serverName = serverName;
        this.remote = remote;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof QuicConnectionCloseEvent close) {
            closedByPeer = Optional.of(close);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure.isEmpty()) {
            failure = Optional.of(cause);
        }
        LOG.log(Level.DEBUG, () -> "QUIC connection to server '" + serverName + "' at " + remote + " failed", cause);
        ctx.close();
    }

    /** Why the connection ended, once it has closed: for the reconnector's loss report. */
    QuicConnectionLostException lossCause(QuicChannel channel) {
        String how;
        if (closedByPeer.isPresent()) {
            QuicConnectionCloseEvent close = closedByPeer.get();
            String reason = new String(close.reason(), StandardCharsets.UTF_8);
            how = "the server closed it (" + (close.isApplicationClose() ? "application" : "transport") + " error "
                    + close.error() + (reason.isEmpty() ? "" : ", reason '" + reason + "'") + ")";
        } else if (failure.isPresent()) {
            how = "it failed: " + failure.get();
        } else if (channel.isTimedOut()) {
            how = "it timed out (idle timeout; no packet from the server)";
        } else {
            how = "it closed without a CONNECTION_CLOSE from the server";
        }
        return new QuicConnectionLostException("QUIC connection to server '" + serverName + "' at " + remote
                + " is lost: " + how, failure.orElse(null));
    }
}
