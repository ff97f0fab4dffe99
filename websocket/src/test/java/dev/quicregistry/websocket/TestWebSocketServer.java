package dev.quicregistry.websocket;

import dev.quicregistry.testing.Ports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket server on Netty for the tests, bound to 127.0.0.1 on a fixed port so it can be
 * stopped (every connection dropped without a close frame, as a crash would) and started again on
 * the same port. It records the text messages and close codes it receives.
 */
final class TestWebSocketServer implements AutoCloseable {

    private final int port;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final List<String> receivedInOrder = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile boolean answerPings = true;
    private volatile Channel listener;

    TestWebSocketServer(int port) {
        this.port = port;
    }

    /**
     * A started server on a port it keeps across restarts: one below the ephemeral range, which no
     * other socket is handed by bind(0) while this server is down ({@link Ports#free()}).
     */
    static TestWebSocketServer started() throws Exception {
        TestWebSocketServer server = new TestWebSocketServer(Ports.free());
        server.start();
        return server;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** Binds 127.0.0.1:port, retrying for up to ten seconds while the port is still being released. */
    void start() {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new Handler());
                    }
                });
        // The old listener's port is released asynchronously: retry the bind, bounded.
        org.awaitility.Awaitility.await("bind 127.0.0.1:" + port).atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
                    var bound = bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).await();
                    if (bound.isSuccess()) {
                        listener = bound.channel();
                    }
                    return bound.isSuccess();
                });
    }

    /** Stops listening and drops every connection without a close frame. */
    void stop() {
        Channel bound = listener;
        if (bound != null) {
            bound.close().syncUninterruptibly();
            listener = null;
        }
        for (Channel client : clients) {
            client.close().syncUninterruptibly();
        }
    }

    /** Sends a close frame with {@code code} to every client. */
    void closeAll(int code, String reason) {
        clients.forEach(client -> client.writeAndFlush(new CloseWebSocketFrame(code, reason)));
    }

    /** Sends one text message to every client, split into frames at the given parts. */
    void sendFragmented(String... parts) {
        for (Channel client : clients) {
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                var content = Unpooled.copiedBuffer(parts[i], StandardCharsets.UTF_8);
                client.write(i == 0 ? new TextWebSocketFrame(last, 0, content) : new ContinuationWebSocketFrame(last, 0, content));
            }
            client.flush();
        }
    }

    /**
     * Streams one text message of {@code total} bytes to the first client, in frames of
     * {@code frame} bytes, each written once the previous one is flushed (memory stays at one frame
     * here), until all are written or the client's connection closed; returns the bytes written.
     */
    long streamText(long total, int frame) throws InterruptedException {
        Channel client = clients.iterator().next();
        byte[] chunk = new byte[frame];
        java.util.Arrays.fill(chunk, (byte) 'x');
        long written = 0;
        while (written < total && client.isActive()) {
            int size = (int) Math.min(frame, total - written);
            boolean last = written + size == total;
            var content = Unpooled.wrappedBuffer(chunk, 0, size);
            if (!client.writeAndFlush(written == 0 ? new TextWebSocketFrame(last, 0, content)
                    : new ContinuationWebSocketFrame(last, 0, content)).await(5, TimeUnit.SECONDS)) {
                break;
            }
            written += size;
        }
        return written;
    }

    void answerPings(boolean answer) {
        answerPings = answer;
    }

    int handshakes() {
        return handshakes.get();
    }

    /** Pings received, answered or not. */
    int pings() {
        return pings.get();
    }

    int openConnections() {
        return (int) clients.stream().filter(Channel::isActive).count();
    }

    /** The next text message received, waiting up to ten seconds (it returns as soon as one came). */
    String nextMessage() throws InterruptedException {
        String message = received.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("the server received no message within 10 s; so far: " + receivedInOrder);
        }
        return message;
    }

    List<String> receivedInOrder() {
        return List.copyOf(receivedInOrder);
    }

    /** The next close code a client sent, waiting up to ten seconds (it returns as soon as one came). */
    Integer nextCloseCode() throws InterruptedException {
        return closeCodes.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One connection: the HTTP upgrade, then frames. */
    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private WebSocketServerHandshaker handshaker;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            clients.add(ctx.channel());
            ctx.channel().closeFuture().addListener(closed -> clients.remove(ctx.channel()));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof FullHttpRequest) {
                FullHttpRequest request = (FullHttpRequest) message;
                handshaker = new WebSocketServerHandshakerFactory(uri().toString(), null, true).newHandshaker(request);
                if (handshaker == null) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.BAD_REQUEST));
                    ctx.close();
                    return;
                }
                handshaker.handshake(ctx.channel(), request).addListener(done -> {
                    if (done.isSuccess()) {
                        handshakes.incrementAndGet();
                    }
                });
            } else if (message instanceof CloseWebSocketFrame) {
                CloseWebSocketFrame close = (CloseWebSocketFrame) message;
                closeCodes.add(close.statusCode());
                handshaker.close(ctx.channel(), close.retain());
            } else if (message instanceof PingWebSocketFrame) {
                pings.incrementAndGet();
                if (answerPings) {
                    ctx.writeAndFlush(new PongWebSocketFrame(((WebSocketFrame) message).content().retain()));
                }
            } else if (message instanceof TextWebSocketFrame) {
                String text = ((TextWebSocketFrame) message).text();
                receivedInOrder.add(text);
                received.add(text);
            }
        }
    }
}
