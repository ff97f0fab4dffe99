package dev.quicregistry.netty.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handler before a server's QUIC codec that refuses a new connection without the codec: when
 * the server would refuse it ({@link ConnectionTracker#refusalOf}), the Initial that starts it is
 * answered with a small Initial carrying CONNECTION_CLOSE (CONNECTION_REFUSED) and dropped, so a
 * refusal costs the server under 300 bytes and no TLS work, where the codec would have sent its
 * whole first flight (certificate and signature) before the tracker could close the connection.
 *
 * <p>Which Initial starts a new connection: one sent to an id the server issued belongs to one of
 * its connections or Retries ({@link SignedConnectionIds}); one sent to an id a client chose starts
 * a connection, unless this gate let an Initial to that id through before (a client may send
 * several before the server answers, and resends its first when the answer is lost): those ids
 * are remembered, the latest {@value #REMEMBERED} (forgetting one costs at most that its
 * connection is refused if the server refuses by then; it may be refused a moment later anyway).
 *
 * <p>Invariants: one gate per server channel; it runs on that channel's event loop, the tracker's
 * and the codec's, so the tracker's counts it reads are the ones the codec's connections change.
 */
final class NewConnectionGate extends ChannelInboundHandlerAdapter {

    /** Client-chosen ids of the connections let through, remembered at most (about 100 KB). */
    static final int REMEMBERED = 1024;

    private final ConnectionTracker tracker;
    private final SignedConnectionIds issued;
    /** The ids of the latest Initials let through as new connections, oldest first; event loop only. */
    private final Map<ByteBuffer, Boolean> letThrough = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** Written on the event loop, read by tests on any thread. */
    private volatile long refused;

    NewConnectionGate(ConnectionTracker tracker, SignedConnectionIds issued) {
        this.tracker = tracker;
        this.issued = issued;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket datagram) {
            InitialHeader initial = InitialHeader.read(datagram.content());
            if (initial != null && !issued.issued(initial.destinationId())) {
                ByteBuffer id = ByteBuffer.wrap(initial.destinationId());
                if (!letThrough.containsKey(id)) {
                    String refusal = tracker.refusalOf(datagram.sender());
                    if (refusal != null) {
                        refused++;
                        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(initial.refusal(refusal)), datagram.sender()));
                        datagram.release();
                        return;
                    }
                    letThrough.put(id, Boolean.TRUE);
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** How many client-chosen ids are remembered now (at most {@value #REMEMBERED}). */
    int remembered() {
        return letThrough.size();
    }

    /** New connections refused here so far. */
    long refused() {
        return refused;
    }
}
