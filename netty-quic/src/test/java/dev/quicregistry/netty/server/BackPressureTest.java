package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that sends and never reads: the echo handler stops reading while its stream cannot take
 * more, so QUIC flow control stops the peer and the server's outbound buffer stays bounded.
 */
class BackPressureTest {

    private static final long SENT = 64L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    /**
     * What the server may hold for the stream in Netty's outbound buffer: at most Netty's default
     * high-water mark (64 KiB), past which the echo stops reading, plus the one read in hand; the
     * bound asserted is twice that. (What quiche holds beyond it is bounded by the peer's flow-control
     * window; without back-pressure the outbound buffer grows to everything the peer sends.)
     */
    private static final long OUTBOUND_BOUND = 256 * 1024;

    @TempDir
    Path dir;
    private NettyQuicServer server;

    @BeforeEach
    void startEcho() throws Exception {
        TestCertificates certificates = TestCertificates.writeTo(dir);
        this.certificates = certificates;
        server = NettyQuicServer.builder()
                .streamHandler(() -> new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        serverStream.set(stream);
                        stream.pipeline().addLast(StreamHandlers.echo());
                    }
                })
                .alpn(TestServers.ALPN)
                .certificate(certificates.certificateChainPem(), certificates.privateKeyPem())
                .build();
        server.start(ServerSettings.of("127.0.0.1", 0));
    }

    private TestCertificates certificates;
    private final AtomicReference<Channel> serverStream = new AtomicReference<>();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPeerThatNeverReadsIsStoppedByFlowControlAndTheServerBuffersABoundedAmount() throws Exception {
        try (QuicTestClient client = QuicTestClient.connect(server.boundPort(), TestServers.ALPN, certificates.trusted())) {
            Pump pump = new Pump(SENT);
            QuicStreamChannel stream = client.openStreamNotReading(pump);
            AtomicLong mostOutbound = new AtomicLong();
            AtomicLong lastWritten = new AtomicLong(-1);

            // The peer is stalled when what it could write has not changed for a second; sample the
            // server's outbound bytes for the stream all along.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).during(Duration.ofSeconds(1))
                    .until(() -> {
                        mostOutbound.accumulateAndGet(outboundBytes(), Math::max);
                        return pump.written() == lastWritten.getAndSet(pump.written());
                    });

            assertThat(pump.written()).as("bytes the peer could send before flow control stopped it").isLessThan(SENT);
            assertThat(mostOutbound.get()).as("the server's outbound bytes for the stream, at most")
                    .isLessThan(OUTBOUND_BOUND);

            stream.eventLoop().execute(() -> {
                stream.config().setAutoRead(true);
                stream.read();
            });
            assertThat(pump.echoed().get(60, TimeUnit.SECONDS)).as("bytes echoed once the peer reads").isEqualTo(SENT);
        }
    }

    private long outboundBytes() throws Exception {
        Channel stream = serverStream.get();
        if (stream == null) {
            return 0;
        }
        return stream.eventLoop().submit(() -> {
            ChannelOutboundBuffer buffer = stream.unsafe().outboundBuffer();
            return buffer == null ? 0L : buffer.totalPendingWriteBytes();
        }).get(5, TimeUnit.SECONDS);
    }

    /** Writes {@code total} bytes and FIN as fast as its stream takes them, and counts what comes back. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private final long total;
        private final AtomicLong written = new AtomicLong();
        private final CompletableFuture<Long> echoed = new CompletableFuture<>();
        private long received;
        private boolean finished;

        Pump(long total) {
            this.total = total;
        }

        long written() {
            return written.get();
        }

        CompletableFuture<Long> echoed() {
            return echoed;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            if (ctx.channel().isActive()) {
                pump(ctx);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            while (!finished && ctx.channel().isWritable()) {
                long left = total - written.get();
                if (left == 0) {
                    ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true));
                    finished = true;
                    return;
                }
                int size = (int) Math.min(CHUNK, left);
                ctx.write(Unpooled.wrappedBuffer(new byte[size]));
                written.addAndGet(size);
            }
            ctx.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            received += data.readableBytes();
            data.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                echoed.complete(received);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            echoed.complete(received);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            echoed.completeExceptionally(cause);
        }
    }
}
