package dev.quicregistry.netty.server;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.netty.QuicErrorCodes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionAddress;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicTransportError;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The handler of every {@link QuicChannel} of one server: keeps the list of live connections that
 * Netty does not keep, and says which new connection is refused: once the server is closing, when
 * {@code max-connections} is reached, when its address holds {@code max-connections-per-address},
 * or when {@link HandshakeTable} would refuse its handshake.
 * {@link NewConnectionGate} asks before the codec sees a connection's first Initial (a refusal
 * there costs no TLS work); the tracker asks again when the codec creates the channel, for those a
 * read batch let through before the connections ahead of them were counted. Which handshakes are
 * under way, and which gives way to a new one, is {@link HandshakeTable}'s rule (validation by
 * Retry token: {@link RetryTokenHandler}).
 *
 * <p>Invariants: a connection is in {@code handshaking} from its {@code channelRegistered} to its
 * {@code channelActive} (the handshake completed) or {@code channelInactive}, in {@code live} from
 * its {@code channelActive} to its {@code channelInactive}, and counted in {@code perAddress} (and
 * its ids in {@code ids}) while in either; all three only change on the server's single event-loop thread, so the limit checks
 * and the insertions cannot interleave; {@code handshaking.size() + live.size() <= maxConnections}
 * and each address's count {@code <= maxPerAddress} after every event (so
 * {@code perAddress} holds at most {@code maxConnections} addresses); {@link #stopAccepting()} runs
 * on that thread too, so the connections it returns are all that will ever be listed; so does a
 * drain ({@link #beginDrain}): from then on no connection and no stream is admitted, and
 * {@code streams} counts only streams admitted before, so a connection with none open has nothing
 * of the application's left to finish, and its last admitted stream is the last the application
 * ever sees of it; reads from
 * other threads are a lock-free snapshot of a {@link ConcurrentHashMap} and volatile counters.
 */
@Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ConnectionTracker.class.getName());
    /**
     * Retry tokens remembered as spent, at most: 65 536 in a token's life (10 s) is 6 500 validated
     * handshakes a second; about 6 MB when full.
     */
    static final int MAX_SPENT_TOKENS = 65_536;
    private static final String SERVER_CLOSING = "server closing";
    /**
     * How long a draining server waits, after a connection's last stream ended, before it closes
     * the connection with GOING_AWAY: the stream's last bytes (the reply and its FIN) leave first;
     * a close sent with them unsent would discard them.
     */
    static final Duration GOING_AWAY_LINGER = Duration.ofMillis(10);
    private static final String MAX_CONNECTIONS_REACHED = QuicErrorCodes.MAX_CONNECTIONS_REASON;

    private final ConcurrentHashMap<QuicChannel, NettyQuicConnection> live = new ConcurrentHashMap<>();
    /** Event loop only. */
    private final HandshakeTable<QuicChannel> handshaking;
    /** Connections per IP address, handshakes included; event loop only. */
    private final HashMap<InetAddress, Integer> perAddress = new HashMap<>();
    /** What each connection counted in {@code perAddress} holds: its address and the ids Initials reach it by; event loop only. */
    private final HashMap<QuicChannel, Admitted> admitted = new HashMap<>();
    /** The ids Initials reach the admitted connections by (each connection's own and its client's first), at most two per connection; event loop only. */
    private final HashMap<QuicConnectionAddress, QuicChannel> ids = new HashMap<>();
    /** The id a new connection's first Initial was sent to, and from where, until the connection it creates takes it; event loop only. */
    private QuicConnectionAddress expectedId;
    private SocketAddress expectedFrom;
    private final int maxConnections;
    private final int maxPerAddress;
    private final RetryTokenHandler tokens;
    /** Written and read on the event loop only. */
    private boolean accepting = true;
    /** Set on the event loop once a drain began (then {@code accepting} is false too). */
    private volatile boolean draining;
    /** The streams of each connection that has admitted one, until it is forgotten; event loop only. */
    private final HashMap<QuicChannel, Streams> streams = new HashMap<>();
    /** Completes on the event loop once a draining server holds no connection. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile int rejectedStreams;
    /** Written on the event loop only: whether the connection limit was reported at WARNING already. */
    private boolean limitReported;
    private volatile int handshakesInProgress;
    private volatile int mostHandshakesInProgress;

    /**
     * A tracker with these limits, whose Retry tokens (lifetime {@code tokenLifetime}) are asked for
     * from {@code retryThreshold} handshakes under way (0: always).
     */
    ConnectionTracker(int maxConnections, int maxHandshakes, int maxHandshakesPerAddress, int maxPerAddress, int retryThreshold,
                      Duration tokenLifetime) {
        this.maxConnections = maxConnections;
        this.handshaking = new HandshakeTable<>(maxHandshakes, maxHandshakesPerAddress);
        this.maxPerAddress = maxPerAddress;
        this.tokens = new RetryTokenHandler(tokenLifetime, Clock.systemUTC(), () -> handshaking.size(), retryThreshold,
                MAX_SPENT_TOKENS);
    }

    /** The server's Retry tokens: the codec's token handler. */
    RetryTokenHandler tokens() {
        return tokens;
    }

    /** A snapshot of the live connections. */
    List<QuicConnection> snapshot() {
        return List.copyOf(live.values());
    }

    /** The live connections, for closing them. */
    List<NettyQuicConnection> connections() {
        return List.copyOf(live.values());
    }

    /** Connections whose handshake is under way now. */
    int handshakesInProgress() {
        return handshakesInProgress;
    }

    /** The most handshakes that were under way at once since the server started. */
    int mostHandshakesInProgress() {
        return mostHandshakesInProgress;
    }

    /**
     * Refuses every connection from now on and returns those still open, to be closed. Call on the
     * server's event loop: a client that a closing server admitted would only lose its connection
     * a moment later, and a reconnecting client would count one replacement too many.
     */
    List<NettyQuicConnection> stopAccepting() {
        accepting = false;
        return connections();
    }

    /**
     * Begins a drain: refuses every new connection (CONNECTION_REFUSED) and every handshake under
     * way, rejects every stream opened from now on ({@link #admitStream}), and closes each live
     * connection with GOING_AWAY once it has no stream open. Call on the event loop.
     *
     * @return completes on the event loop once no connection is left
     */
    CompletableFuture<Void> beginDrain() {
        if (!draining) {
            draining = true;
            accepting = false;
            handshaking.keys().forEach(channel -> {
                forget(channel);
                refuse(channel, QuicErrorCodes.DRAINING_REASON);
            });
            live.keySet().forEach(this::goAwayWhenIdle);
            if (live.isEmpty() && handshaking.size() == 0) {
                drained.complete(null);
            }
        }
        return drained;
    }

    /**
     * Whether a stream the peer opened reaches the application: yes, counted until it closes,
     * unless the server drains; then it is reset (and its reading stopped) with
     * {@link QuicErrorCodes#REQUEST_REJECTED} before any byte of it reaches a handler. On the event loop.
     */
    boolean admitStream(QuicStreamChannel stream) {
        QuicChannel connection = stream.parent();
        if (draining) {
            rejectedStreams++;
            LOG.log(Level.DEBUG, () -> "rejecting QUIC stream " + stream.streamId() + " of " + connection.remoteSocketAddress()
                    + ": server draining");
            stream.shutdown(QuicErrorCodes.REQUEST_REJECTED).addListener(shut -> stream.close());
            return false;
        }
        Streams of = streams.computeIfAbsent(connection, ignored -> new Streams());
        of.open++;
        of.last = Math.max(of.last, stream.streamId());
        stream.closeFuture().addListener(closed -> streamEnded(connection));
        return true;
    }

    private void streamEnded(QuicChannel connection) {
        Streams of = streams.get(connection);
        if (of != null && --of.open == 0 && draining) {
            goAwayWhenIdle(connection);
        }
    }

    private int openStreams(QuicChannel connection) {
        Streams of = streams.get(connection);
        return of == null ? 0 : of.open;
    }

    private String goingAwayReason(QuicChannel connection, String why) {
        Streams of = streams.get(connection);
        return QuicErrorCodes.goingAwayReason(why, of == null ? -1 : of.last);
    }

    /** After {@link #GOING_AWAY_LINGER}, closes {@code connection} with GOING_AWAY if it still has no open stream. */
    private void goAwayWhenIdle(QuicChannel connection) {
        if (openStreams(connection) > 0) {
            return;
        }
        connection.eventLoop().schedule(() -> {
            if (connection.isActive() && openStreams(connection) == 0) {
                connection.close(true, QuicErrorCodes.GOING_AWAY, Unpooled.copiedBuffer(goingAwayReason(connection,
                        QuicErrorCodes.DRAINED_REASON), StandardCharsets.UTF_8));
            }
        }, GOING_AWAY_LINGER.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A connection's admitted streams: how many are open, and the highest id (-1: none yet). Event loop only. */
    private static final class Streams {
        int open;
        long last = -1;
    }

    /**
     * The drain's deadline: closes every connection left with GOING_AWAY ({@link QuicErrorCodes#DEADLINE_REASON}).
     * On the event loop.
     *
     * @return how many streams were open then (their requests fail)
     */
    DeadlineReached cutAtDeadline() {
        int open = streams.values().stream().mapToInt(of -> of.open).sum();
        List<NettyQuicConnection> left = connections();
        left.forEach(connection -> connection.channel().close(true, QuicErrorCodes.GOING_AWAY,
                Unpooled.copiedBuffer(goingAwayReason(connection.channel(), QuicErrorCodes.DEADLINE_REASON), StandardCharsets.UTF_8)));
        return new DeadlineReached(left.size(), open);
    }

    /** What a drain's deadline cut: connections still open, and the streams open on them. */
    record DeadlineReached(int connections, int streams) {
    }

    /** Whether a drain began. */
    boolean isDraining() {
        return draining;
    }

    /** Streams rejected because the server drains (for tests). */
    int rejectedStreams() {
        return rejectedStreams;
    }

    /**
     * Why a new connection from {@code remote} would be refused now (the server is closing, it
     * holds {@code max-connections}, the address its share of connections or of handshakes, or
     * every handshake is validated and none can give way); null where it would be admitted.
     * Logs the refusal: the connection limit once at WARNING, everything else at DEBUG. Call on
     * the event loop: {@link NewConnectionGate} asks before the codec sees a new connection's
     * first packet, and the tracker again when the codec made the connection.
     */
    String refusalOf(SocketAddress remote) {
        String refusal = refusalReason(remote);
        if (refusal != null) {
            Level level = refusal.equals(MAX_CONNECTIONS_REACHED) && !limitReported ? Level.WARNING : Level.DEBUG;
            limitReported |= level == Level.WARNING;
            LOG.log(level, () -> "refusing QUIC connection from " + remote + ": " + refusal
                    + (refusal.equals(MAX_CONNECTIONS_REACHED) ? " (max-connections=" + maxConnections + ", " + live.size()
                    + " connected, " + handshaking.size() + " handshaking; reported once at WARNING)" : ""));
        }
        return refusal;
    }

    private String refusalReason(SocketAddress remote) {
        if (!accepting) {
            return draining ? QuicErrorCodes.DRAINING_REASON : SERVER_CLOSING;
        }
        if (handshaking.size() + live.size() >= maxConnections) {
            return MAX_CONNECTIONS_REACHED;
        }
        InetAddress address = remote instanceof InetSocketAddress socket ? socket.getAddress() : null;
        if (address != null && perAddress.getOrDefault(address, 0) >= maxPerAddress) {
            return QuicErrorCodes.MAX_CONNECTIONS_PER_ADDRESS_REASON;
        }
        return handshaking.refusal(sourceOf(address));
    }

    /**
     * Whether an Initial sent to {@code id} belongs to a connection admitted and not closed yet:
     * then it is not a new connection. Event loop only.
     */
    boolean holds(QuicConnectionAddress id) {
        return ids.containsKey(id);
    }

    /**
     * Notes that the Initial the codec reads next, from {@code from} to {@code id}, may create a
     * connection: if it does, Initials to {@code id} reach it too (its client may send several
     * before the server's first answer, and resends its first when that answer is lost). Event
     * loop only; the codec creates the connection within the same read, or not at all (a Retry).
     */
    void expect(QuicConnectionAddress id, SocketAddress from) {
        expectedId = id;
        expectedFrom = from;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        QuicChannel channel = (QuicChannel) ctx.channel();
        boolean validated = tokens.takeValidated(channel.remoteSocketAddress());
        QuicConnectionAddress firstId = expectedFrom != null && expectedFrom.equals(channel.remoteSocketAddress()) ? expectedId : null;
        expectedId = null;
        expectedFrom = null;
        // The gate refused before the codec what it would refuse; asked again here, so that the
        // limits hold for whatever reaches the codec (the channel is registered as the codec makes
        // it, within the read of its packet: each new Initial sees the counts its predecessors left).
        String refusal = refusalOf(channel.remoteSocketAddress());
        if (refusal != null) {
            refuse(channel, refusal);
            return;
        }
        InetAddress address = channel.remoteSocketAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
        HandshakeTable.Admission<QuicChannel> admission = handshaking.offer(channel, sourceOf(address), validated);
        if (!admission.admitted()) {
            LOG.log(Level.DEBUG, () -> "refusing QUIC connection from " + channel.remoteSocketAddress() + ": " + admission.refusal());
            refuse(channel, admission.refusal());
            return;
        }
        if (admission.shed() != null) {
            QuicChannel shed = admission.shed();
            forget(shed);
            LOG.log(Level.DEBUG, () -> "dropping the QUIC handshake from " + shed.remoteSocketAddress() + " for a new one");
            refuse(shed, QuicErrorCodes.TOO_MANY_HANDSHAKES_REASON);
        }
        if (address != null) {
            perAddress.merge(address, 1, Integer::sum);
        }
        Admitted entry = new Admitted(address, channel.localAddress(), firstId);
        admitted.put(channel, entry);
        entry.ids().forEach(id -> ids.put(id, channel));
        counted();
        super.channelRegistered(ctx);
    }

    /**
     * Where handshakes come from, for their share: an IPv4 address, or an IPv6 /64 (one subscriber's
     * addresses); a connection without an IP address counts as one source.
     */
    static Object sourceOf(InetAddress address) {
        if (address instanceof Inet6Address) {
            return ByteBuffer.wrap(address.getAddress()).getLong(); // the /64 prefix
        }
        return address == null ? "unknown" : address;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        QuicChannel channel = (QuicChannel) ctx.channel();
        if (!handshaking.remove(channel)) {
            return; // refused or dropped while its handshake completed: it is closing
        }
        counted();
        SocketAddress remote = channel.remoteSocketAddress();
        if (remote instanceof InetSocketAddress address) {
            live.put(channel, new NettyQuicConnection(channel, address));
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        forget((QuicChannel) ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
        forget((QuicChannel) ctx.channel());
        super.channelUnregistered(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Errors of one connection stay with that connection: quiche closes it where the error is fatal.
        LOG.log(Level.DEBUG, () -> "QUIC connection " + ctx.channel().remoteAddress() + " failed", cause);
    }

    private void forget(QuicChannel channel) {
        live.remove(channel);
        streams.remove(channel);
        if (draining && live.isEmpty() && handshaking.size() == 0) {
            drained.complete(null);
        }
        if (handshaking.remove(channel)) {
            counted();
        }
        Admitted entry = admitted.remove(channel);
        if (entry == null) {
            return;
        }
        entry.ids().forEach(id -> ids.remove(id, channel));
        if (entry.address() != null) {
            perAddress.computeIfPresent(entry.address(), (ignored, count) -> count == 1 ? null : count - 1);
        }
    }

    /**
     * An admitted connection: the address it counts under (null: none), the id the server chose
     * for it when the codec created it, and the id its client's first Initial was sent to (null
     * where not known, or the same).
     */
    private record Admitted(InetAddress address, QuicConnectionAddress ownId, QuicConnectionAddress firstId) {
        List<QuicConnectionAddress> ids() {
            if (ownId == null) {
                return firstId == null ? List.of() : List.of(firstId);
            }
            return firstId == null || firstId.equals(ownId) ? List.of(ownId) : List.of(ownId, firstId);
        }
    }

    private void counted() {
        int now = handshaking.size();
        handshakesInProgress = now;
        if (now > mostHandshakesInProgress) {
            mostHandshakesInProgress = now;
        }
    }

    /**
     * Closes with CONNECTION_REFUSED once the packet that created the channel has been processed
     * (a task after this one on the event loop): only then has the connection the keys to send its
     * CONNECTION_CLOSE, so the client learns of the refusal at once instead of timing out. Until
     * then the channel counts nowhere; a flood adds at most one read batch of such channels.
     */
    private static void refuse(QuicChannel channel, String reason) {
        channel.eventLoop().execute(() -> channel.close(false, (int) QuicTransportError.CONNECTION_REFUSED.code(),
                Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8)));
    }
}
