package dev.quicregistry.benchmarks;

import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.testing.TestCertificates;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the QUIC benchmarks: a Netty QUIC server written as Netty's own examples write
 * one, with {@code NettyQuicServer}'s default transport settings (no Retry) and the same stream
 * handler, and nothing of this project around it (no registry, no connection tracking).
 */
final class BareQuicServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;

    private BareQuicServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** An echo server on 127.0.0.1 and an ephemeral port. */
    static BareQuicServer echo(TestCertificates certificates, String alpn) throws InterruptedException {
        QuicSslContext tls = QuicSslContextBuilder.forServer(certificates.privateKeyPem().toFile(), null,
                certificates.certificateChainPem().toFile()).applicationProtocols(alpn).build();
        ChannelHandler codec = new QuicServerCodecBuilder()
                .sslContext(tls)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(10L * 1024 * 1024)
                .initialMaxStreamDataBidirectionalLocal(1024 * 1024)
                .initialMaxStreamDataBidirectionalRemote(1024 * 1024)
                .initialMaxStreamDataUnidirectional(1024 * 1024)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(100)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(StreamHandlers.echo())
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            return new BareQuicServer(group, channel);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
