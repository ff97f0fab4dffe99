package dev.quicregistry.netty.client;

import dev.quicregistry.netty.QuicErrorCodes;
import dev.quicregistry.reconnect.PeerGoingAwayException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicTransportError;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The handler of one client {@link QuicChannel}: remembers why it ends (the server's
 * CONNECTION_CLOSE, an exception, an idle timeout) so the loss can be reported with that reason,
 * and closes the connection on an exception. One instance per connection. A server that goes away
 * (a handshake refused with CONNECTION_REFUSED but at one of its limits, a connection closed with
 * {@link QuicErrorCodes#GOING_AWAY}) is reported as soon as its CONNECTION_CLOSE arrives, not when
 * the connection has closed (after its draining period, up to seconds for a refused handshake).
 *
 * <p>Invariant: its fields are written and read on the connection's event loop only
 * (handler callbacks and close-future listeners run there).
 */
final class ConnectionWatcher extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ConnectionWatcher.class.getName());

    /**
     * Set on a connection the server closed with GOING_AWAY: the last stream the server let through
     * to its application, as its reason names it; {@link #NO_STREAM} on one a drain refused
     * (CONNECTION_REFUSED, {@link QuicErrorCodes#DRAINING_REASON}). A stream above it was never processed.
     */
    static final AttributeKey<Long> LAST_ADMITTED_STREAM = AttributeKey.valueOf(ConnectionWatcher.class, "lastAdmittedStream");
    /** Set on a connection whose GOING_AWAY came at the drain's deadline ({@link QuicErrorCodes#DEADLINE_REASON}): its open streams were cut. */
    static final AttributeKey<Boolean> CUT_AT_DEADLINE = AttributeKey.valueOf(ConnectionWatcher.class, "cutAtDeadline");
    /** {@link #LAST_ADMITTED_STREAM} where no stream reached the server's application. */
    static final long NO_STREAM = -1;

    private final String serverName;
    private final InetSocketAddress remote;
    private final BiConsumer<QuicChannel, PeerGoingAwayException> goingAway;
    private Optional<QuicConnectionCloseEvent> closedByPeer = Optional.empty();
    private Optional<Throwable> failure = Optional.empty();

    /** {@code goingAway} is told, on the event loop, when the server sends the client away. */
    ConnectionWatcher(String serverName, InetSocketAddress remote, BiConsumer<QuicChannel, PeerGoingAwayException> goingAway) {
        this.serverName = serverName;
        this.remote = remote;
        this.goingAway = goingAway;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof QuicConnectionCloseEvent close && closedByPeer.isEmpty()) {
            closedByPeer = Optional.of(close);
            QuicChannel channel = (QuicChannel) ctx.channel();
            if (isGoingAway(close)) {
                String reason = new String(close.reason(), StandardCharsets.UTF_8);
                channel.attr(CUT_AT_DEADLINE).set(reason.startsWith(QuicErrorCodes.DEADLINE_REASON));
                QuicErrorCodes.lastStreamOf(reason).ifPresent(last -> channel.attr(LAST_ADMITTED_STREAM).set(last));
                goingAway.accept(channel, goneAway(close));
            } else if (isRefused(close)) {
                if (QuicErrorCodes.DRAINING_REASON.equals(reasonOf(close))) {
                    // Refused by a drain before its handshake ended on the server's side (the client's may
                    // have ended first): no stream of it reached the server's application. Another refusal
                    // (a server closing, another implementation's) promises nothing of streams sent.
                    channel.attr(LAST_ADMITTED_STREAM).set(NO_STREAM);
                }
                goingAway.accept(channel, goneAway(close));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    private static boolean isGoingAway(QuicConnectionCloseEvent close) {
        return close.isApplicationClose() && close.error() == QuicErrorCodes.GOING_AWAY;
    }

    /**
     * A handshake refused by a server that goes away (it drains or closes; any refusal of another
     * implementation). A refusal at one of the server's limits ({@link QuicErrorCodes#isLimitRefusal})
     * is an ordinary failure, tried again after the backoff: that server is not going away.
     */
    private static boolean isRefused(QuicConnectionCloseEvent close) {
        return !close.isApplicationClose() && close.error() == QuicTransportError.CONNECTION_REFUSED.code()
                && !QuicErrorCodes.isLimitRefusal(reasonOf(close));
    }

    private static String reasonOf(QuicConnectionCloseEvent close) {
        return new String(close.reason(), StandardCharsets.UTF_8);
    }

    private PeerGoingAwayException goneAway(QuicConnectionCloseEvent close) {
        String reason = new String(close.reason(), StandardCharsets.UTF_8);
        return new PeerGoingAwayException("QUIC server '" + serverName + "' at " + remote + (isRefused(close)
                ? " refused the connection (CONNECTION_REFUSED" : " went away (GOING_AWAY") + (reason.isEmpty() ? "" : ", '"
                + reason + "'") + ")");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure.isEmpty()) {
            failure = Optional.of(cause);
        }
        LOG.log(Level.DEBUG, () -> "QUIC connection to server '" + serverName + "' at " + remote + " failed", cause);
        ctx.close();
    }

    /** What the server's CONNECTION_CLOSE said, where one came (e.g. why it refused a handshake). */
    Optional<String> serverClose() {
        return closedByPeer.map(close -> {
            String reason = new String(close.reason(), StandardCharsets.UTF_8);
            return (close.isApplicationClose() ? "application" : "transport") + " error " + close.error()
                    + (reason.isEmpty() ? "" : ", reason '" + reason + "'");
        });
    }

    /** Why the connection ended, once it has closed: for the reconnector's loss report. */
    IOException lossCause(QuicChannel channel) {
        String how;
        if (closedByPeer.isPresent() && (isGoingAway(closedByPeer.get()) || isRefused(closedByPeer.get()))) {
            return goneAway(closedByPeer.get());
        }
        if (closedByPeer.isPresent()) {
            how = "the server closed it (" + serverClose().orElseThrow() + ")";
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
