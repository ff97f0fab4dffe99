package dev.quicregistry.netty.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real QUIC clients' first flights at a steady rate: each tick a new connection attempt, whose
 * Initial carries a valid ClientHello, from one UDP socket of 127.0.0.1. Sent through a relay that
 * drops the server's answers, they are what a flood from spoofed addresses looks like to a server:
 * handshakes that never complete. Each attempt gives up after a second.
 */
final class ClientHelloFlood implements AutoCloseable {

    private final EventLoopGroup group;
    private final AtomicLong attempts = new AtomicLong();

    private ClientHelloFlood(int port, int perSecond, String alpn) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("client-hello-flood", true), NioIoHandler.newFactory());
        QuicSslContext tls = QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(alpn).build();
        ChannelHandler codec = new QuicClientCodecBuilder().sslContext(tls).maxIdleTimeout(1, TimeUnit.SECONDS)
                .initialMaxData(10_000).initialMaxStreamDataBidirectionalLocal(10_000).build();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Channel socket = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress(loopback, 0)).sync().channel();
        InetSocketAddress target = new InetSocketAddress(loopback, port);
        group.scheduleAtFixedRate(() -> {
            attempts.incrementAndGet();
            QuicChannel.newBootstrap(socket).handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter()).remoteAddress(target).connect();
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    /** Starts {@code perSecond} connection attempts a second to 127.0.0.1:{@code port}. */
    static ClientHelloFlood start(int port, int perSecond, String alpn) throws InterruptedException {
        return new ClientHelloFlood(port, perSecond, alpn);
    }

    /** Connection attempts made so far. */
    long attempts() {
        return attempts.get();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
