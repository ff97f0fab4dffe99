package dev.quicregistry.samples;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * A QUIC client on Netty's codec: one connection to one server, over which each
 * {@link #exchange(String)} sends a request on a new bidirectional stream and reads the reply.
 * Every wait is bounded by the timeout given at connect.
 */
final class SampleClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel udp;
    private final QuicChannel connection;
    private final Duration timeout;

    private SampleClient(EventLoopGroup group, Channel udp, QuicChannel connection, Duration timeout) {
        this.group = group;
        this.udp = udp;
        this.connection = connection;
        this.timeout = timeout;
    }

    /**
     * Connects to {@code server}, offering {@code alpn}, and completes the QUIC handshake.
     *
     * @param serverName the name the server's certificate is checked against (and sent as SNI)
     * @param trust      which certificates to accept: a production client trusts its CA here
     *                   ({@code TrustManagerFactory} initialized with a KeyStore holding it)
     */
    public static SampleClient connect(InetSocketAddress server, String serverName, String alpn, TrustManagerFactory trust,
            Duration timeout) throws Exception {
        Objects.requireNonNull(server, "server must not be null");
        QuicSslContext tls = QuicSslContextBuilder.forClient().trustManager(trust).applicationProtocols(alpn).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sample-client", true),
                NioIoHandler.newFactory());
        try {
            ChannelHandler codec = new QuicClientCodecBuilder()
                    // an engine that knows the peer's name: the codec's own sslContext(...) would create it
                    // without one, and a verifying trust manager would refuse every certificate
                    .sslEngineProvider(quic -> tls.newEngine(quic.alloc(), serverName, server.getPort()))
                    .maxIdleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .initialMaxData(1_000_000)
                    .initialMaxStreamDataBidirectionalLocal(100_000)
                    .initialMaxStreamDataBidirectionalRemote(100_000)
                    .initialMaxStreamsBidirectional(10)
                    .build();
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(new InetSocketAddress(server.getAddress(), 0)).sync().channel();
            QuicChannel connection = QuicChannel.newBootstrap(udp)
                    .handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(server)
                    .connect()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new SampleClient(group, udp, connection, timeout);
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Sends {@code request} and ends the stream, then returns everything the server sent until it ended its side. */
    public String exchange(String request) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        QuicStreamChannel stream = connection.createStream(QuicStreamType.BIDIRECTIONAL, new ReplyCollector(reply))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // data and FIN in one frame
        stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8), true));
        return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This client's UDP address: what the server lists as the connection's remote address. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) udp.localAddress();
    }

    /** Closes the connection (the server sees a clean close), the socket and the client's thread. */
    @Override
    public void close() {
        try {
            connection.close().awaitUninterruptibly(timeout.toMillis());
            udp.close().awaitUninterruptibly(timeout.toMillis());
        } finally {
            group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout.toMillis());
        }
    }

    /** Collects a stream's bytes; the reply is complete once the stream has closed. */
    private static final class ReplyCollector extends ChannelInboundHandlerAdapter {

        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final CompletableFuture<String> reply;

        ReplyCollector(CompletableFuture<String> reply) {
            this.reply = reply;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            try {
                byte[] bytes = new byte[data.readableBytes()];
                data.readBytes(bytes);
                received.writeBytes(bytes);
            } finally {
                data.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.complete(received.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
            ctx.close();
        }
    }
}
