package dev.quicregistry.osgitests;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real QUIC client outside the framework, on the Netty of the test's class path: it connects to
 * 127.0.0.1, verifies the server's certificate for {@code localhost} against a trusted CA, and
 * sends strings on bidirectional streams. Every wait is bounded by {@value #TIMEOUT_SECONDS} s.
 */
final class QuicEchoClient implements AutoCloseable {

    static final long TIMEOUT_SECONDS = 10;

    private final EventLoopGroup group;
    private final Channel udp;
    private final QuicChannel connection;

    private QuicEchoClient(EventLoopGroup group, Channel udp, QuicChannel connection) {
        this.group = group;
        this.udp = udp;
        this.connection = connection;
    }

    /** Connects to 127.0.0.1:port with this ALPN, trusting only certificates issued by {@code authority}. */
    static QuicEchoClient connect(int port, String alpn, X509Certificate authority) throws Exception {
        QuicSslContext tls = QuicSslContextBuilder.forClient().trustManager(authority).applicationProtocols(alpn).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new QuicClientCodecBuilder()
                            // the peer host name, so that the certificate is checked against it
                            .sslEngineProvider(quic -> tls.newEngine(quic.alloc(), "localhost", port))
                            .maxIdleTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .initialMaxData(1_000_000)
                            .initialMaxStreamDataBidirectionalLocal(100_000)
                            .initialMaxStreamDataBidirectionalRemote(100_000)
                            .initialMaxStreamsBidirectional(10)
                            .build())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            QuicChannel connection = QuicChannel.newBootstrap(udp)
                    .handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(new InetSocketAddress("127.0.0.1", port))
                    .connect()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new QuicEchoClient(group, udp, connection);
        } catch (Exception | Error failed) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw failed;
        }
    }

    /** Sends {@code request} and FIN on a new stream and returns everything the server sent back until its FIN. */
    String exchange(String request) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        QuicStreamChannel stream = connection.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
            private final ByteArrayOutputStream received = new ByteArrayOutputStream();

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
            }
        }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // data and FIN in one frame
        stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8), true));
        return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            connection.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            udp.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
