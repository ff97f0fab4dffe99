package dev.quicregistry.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.QuicTransportError;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * A real QUIC client on Netty's codec, for the tests of every module that runs a QUIC server:
 * connects to 127.0.0.1 with a certificate it trusts (the server's, or its CA's) and an ALPN, checks
 * the name localhost, and exchanges strings over bidirectional streams. Every wait is bounded.
 */
public final class QuicTestClient implements AutoCloseable {

    /** Bounds every wait of the client, in seconds. */
    public static final long TIMEOUT_SECONDS = 10;

    private final EventLoopGroup group;
    private final Channel udp;
    private final QuicChannel connection;
    private final CompletableFuture<QuicConnectionCloseEvent> closedByPeer;

    private QuicTestClient(EventLoopGroup group, Channel udp, QuicChannel connection,
            CompletableFuture<QuicConnectionCloseEvent> closedByPeer) {
        this.group = group;
        this.udp = udp;
        this.connection = connection;
        this.closedByPeer = closedByPeer;
    }

    /** Connects, verifying the server's certificate against {@code trusted} (the certificate or its CA). */
    public static QuicTestClient connect(int port, String alpn, X509Certificate trusted) throws Exception {
        return connect(port, QuicSslContextBuilder.forClient().trustManager(trusted).applicationProtocols(alpn).build());
    }

    /** Connects to a server with a self-signed certificate it cannot verify. */
    public static QuicTestClient connectTrustingAnyCertificate(int port, String alpn) throws Exception {
        return connect(port, QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(alpn).build());
    }

    private static QuicTestClient connect(int port, QuicSslContext tls) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ChannelHandler codec = new QuicClientCodecBuilder()
                    // The engine must know the host, or the endpoint identification fails every certificate.
                    .sslEngineProvider(quic -> tls.newEngine(quic.alloc(), "localhost", port))
                    .maxIdleTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .initialMaxData(1_000_000)
                    .initialMaxStreamDataBidirectionalLocal(100_000)
                    .initialMaxStreamDataBidirectionalRemote(100_000)
                    .initialMaxStreamsBidirectional(10)
                    .build();
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            CompletableFuture<QuicConnectionCloseEvent> closedByPeer = new CompletableFuture<>();
            QuicChannel connection = QuicChannel.newBootstrap(udp)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                            if (event instanceof QuicConnectionCloseEvent close) {
                                closedByPeer.complete(close);
                            }
                            ctx.fireUserEventTriggered(event);
                        }
                    })
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(new InetSocketAddress("127.0.0.1", port))
                    .connect()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new QuicTestClient(group, udp, connection, closedByPeer);
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    /** Sends {@code request} and FIN on a new stream (in one frame) and returns all the server sent back until its FIN. */
    public String exchange(String request) throws Exception {
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
        // Data and FIN in one frame: a FIN sent on its own is sometimes never seen (VERSIONS.md).
        stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8), true));
        return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends {@code request} and FIN on a new stream and does not wait for a reply. */
    public void send(String request) throws Exception {
        QuicStreamChannel stream = connection.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8), true))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Opens a stream, sends {@code partial} without ending it, then abandons the stream with
     * RESET_STREAM ({@code errorCode}), as an HTTP/3 client cancels a request; the stream is left as
     * it is (not closed by this client), so only the server can free it.
     */
    public void sendAndReset(String partial, int errorCode) throws Exception {
        QuicStreamChannel stream = newDiscardingStream();
        stream.writeAndFlush(Unpooled.copiedBuffer(partial, StandardCharsets.UTF_8)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        stream.shutdownOutput(errorCode).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Opens a stream, sends {@code partial} without ending it, then cancels the stream in both
     * directions, as RFC 9114 §4.1.1 has an HTTP/3 client cancel a request: STOP_SENDING for the
     * reply and RESET_STREAM for the request, both with {@code errorCode}. The stream is left as it
     * is, so only the server can free it.
     */
    public void sendAndCancel(String partial, int errorCode) throws Exception {
        QuicStreamChannel stream = newDiscardingStream();
        stream.writeAndFlush(Unpooled.copiedBuffer(partial, StandardCharsets.UTF_8)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        stream.shutdown(errorCode).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Opens a stream with {@code handler} (e.g. one that sends a large request with back-pressure),
     * with reading off until the test turns it on: what the server sends waits in flow control.
     */
    public QuicStreamChannel openStreamNotReading(ChannelHandler handler) throws Exception {
        QuicStreamChannel stream = connection.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
            @Override
            protected void initChannel(QuicStreamChannel channel) {
                channel.config().setAutoRead(false);
                channel.pipeline().addLast(handler);
            }
        }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return stream;
    }

    /**
     * A new stream; at the server's stream limit it waits (bounded) for the server to grant more, as
     * a real client queues its requests: a server that never frees its streams never grants them.
     */
    private QuicStreamChannel newDiscardingStream() throws Exception {
        AtomicReference<QuicStreamChannel> created = new AtomicReference<>();
        Awaitility.await("stream credit from the server").atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    Future<QuicStreamChannel> attempt = connection.createStream(QuicStreamType.BIDIRECTIONAL, discarding())
                            .awaitUninterruptibly();
                    if (attempt.isSuccess()) {
                        created.set(attempt.getNow());
                        return true;
                    }
                    if (attempt.cause() instanceof QuicException quic && quic.error() == QuicTransportError.STREAM_LIMIT_ERROR) {
                        return false;
                    }
                    throw new IllegalStateException("opening a stream failed", attempt.cause());
                });
        return created.get();
    }

    private static ChannelInboundHandlerAdapter discarding() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // the server's answer to an abandoned stream (its own reset) is expected here
            }
        };
    }

    /** Completes with the server's CONNECTION_CLOSE once the server closed this connection. */
    public CompletableFuture<QuicConnectionCloseEvent> closedByPeer() {
        return closedByPeer;
    }

    public boolean isOpen() {
        return connection.isActive();
    }

    /** The peer-visible address of this client: what the server lists as the connection's remote address. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) udp.localAddress();
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
