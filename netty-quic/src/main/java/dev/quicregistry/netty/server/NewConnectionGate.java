package dev.quicregistry.netty.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.quic.QuicConnectionAddress;

/**
 * The handler before a server's QUIC codec that refuses a new connection without the codec: when
 * the server would refuse it ({@link ConnectionTracker#refusalOf}), the Initial that starts it is
 * answered with a small Initial carrying CONNECTION_CLOSE (CONNECTION_REFUSED) and dropped, so a
 * refusal costs the server under 300 bytes and no TLS work, where the codec would have sent its
 * whole first flight (certificate and signature) before the tracker could close the connection.
 *
 * <p>Which Initial starts a new connection: any Initial (fixed bit set or not: the codec does not
 * look at it) sent to an id that no connection of the server holds. A connection holds the id the
 * server chose for it and the id its client's first Initial was sent to ({@link
 * ConnectionTracker#holds}), from the moment the codec creates it until it closes; so a client's
 * later Initials, and its first one resent, reach its connection whatever the server refuses by
 * then, and an id of a connection that has closed, or of a Retry, starts nothing the gate does not
 * check. The tracker learns a connection's first id from this gate ({@link ConnectionTracker#expect})
 * only when the codec creates the connection: an Initial answered by a Retry leaves nothing behind.
 *
 * <p>Invariants: one gate per server channel; it runs on that channel's event loop, the tracker's
 * and the codec's, so what it asks the tracker is what the codec's connections left there; it
 * keeps no state of its own but a counter.
 */
final class NewConnectionGate extends ChannelInboundHandlerAdapter {

    private final ConnectionTracker tracker;
    /** Written on the event loop, read by tests on any thread. */
    private volatile long refused;

    NewConnectionGate(ConnectionTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket datagram) {
            InitialHeader initial = InitialHeader.read(datagram.content());
            if (initial != null) {
                QuicConnectionAddress sentTo = new QuicConnectionAddress(initial.destinationId());
                if (!tracker.holds(sentTo)) {
                    String refusal = tracker.refusalOf(datagram.sender());
                    if (refusal != null) {
                        refused++;
                        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(initial.refusal(refusal)), datagram.sender()));
                        datagram.release();
                        return;
                    }
                    tracker.expect(sentTo, datagram.sender());
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** New connections refused here so far. */
    long refused() {
        return refused;
    }
}
