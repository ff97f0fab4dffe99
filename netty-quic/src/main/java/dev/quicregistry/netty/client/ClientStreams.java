package dev.quicregistry.netty.client;

import dev.quicregistry.netty.QuicErrorCodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Client side of the simplest QUIC protocol, the counterpart of {@link dev.quicregistry.netty.StreamHandlers#requestReply}:
 * one request and one reply per bidirectional stream, each ended by FIN. Never blocks, so it may be
 * called from any thread, an event loop or a {@code ConnectionReplaced} observer included.
 */
public final class ClientStreams {

    private ClientStreams() {
    }

    /**
     * Opens a stream on {@code connection}, sends {@code request} and FIN, and completes with all the
     * server sent until its FIN. Fails where the stream cannot be opened, is reset or closes before
     * the FIN, or the reply passes {@code maxReplyBytes} (the stream is then closed); with a
     * {@link RequestNotProcessedException} where the server certainly did not process the request
     * (safe to send again). Bound it with {@code orTimeout}: failing the returned future from outside
     * closes the stream. {@link ReconnectingQuicClient#requestReply} also retries what was not processed.
     */
    public static CompletionStage<byte[]> requestReply(QuicChannel connection, byte[] request, int maxReplyBytes) {
        Objects.requireNonNull(connection, "connection must not be null");
        Objects.requireNonNull(request, "request must not be null");
        if (maxReplyBytes < 0) {
            throw new IllegalArgumentException("maxReplyBytes=" + maxReplyBytes + " is not valid: expected at least 0");
        }
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        if (connection.eventLoop().inEventLoop()) {
            open(connection, request, maxReplyBytes, reply);
        } else {
            try {
                connection.eventLoop().execute(() -> open(connection, request, maxReplyBytes, reply));
            } catch (RejectedExecutionException stopped) {
                reply.completeExceptionally(new RequestNotProcessedException("could not open a stream on " + connection
                        + ": its event loop has stopped", stopped));
            }
        }
        return reply;
    }

    /**
     * On the connection's event loop: opens the stream where the server allows one more now, so the
     * count read is the count used. A stream opened past the server's limit is refused by quiche,
     * and Netty has then used up its id: after enough of them no stream of the connection could be
     * opened again, however many ended (seen with 150 requests at once against a limit of 100).
     */
    private static void open(QuicChannel connection, byte[] request, int maxReplyBytes, CompletableFuture<byte[]> reply) {
        if (connection.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) < 1) {
            reply.completeExceptionally(new RequestNotProcessedException("could not open a stream on " + connection
                    + ": the server allows no more streams now (its stream limit); one is allowed again once a stream"
                    + " of this connection has ended", new NoStreamCredit()));
            return;
        }
        connection.createStream(QuicStreamType.BIDIRECTIONAL, new ReplyCollector(reply, maxReplyBytes))
                .addListener((Future<QuicStreamChannel> created) -> {
                    if (created.isSuccess()) {
                        // completed from outside (a timeout): the stream is given up, the server told so
                        QuicStreamChannel stream = created.getNow();
                        reply.whenComplete((bytes, failure) -> {
                            if (failure != null && stream.isOpen()) {
                                stream.close();
                            }
                        });
                    }
                    if (!created.isSuccess()) {
                        reply.completeExceptionally(new RequestNotProcessedException("could not open a stream on " + connection
                                + ": " + created.cause(), created.cause()));
                        return;
                    }
                    QuicStreamChannel stream = created.getNow();
                    // Data and FIN in one frame: a FIN sent on its own is sometimes never seen.
                    stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(request), true))
                            .addListener(written -> {
                                if (!written.isSuccess()) {
                                    reply.completeExceptionally(new RequestNotProcessedException("could not send the request on " + stream
                                            + ": " + written.cause(), written.cause()));
                                    stream.close();
                                }
                            });
                });
    }

    /** Why a stream was not opened: the server's stream limit is reached now (it grants more as streams end). */
    static final class NoStreamCredit extends IOException {
        private static final long serialVersionUID = 1L;

        NoStreamCredit() {
            super("no stream credit from the server now");
        }
    }

    /** Collects one stream's reply until the server's FIN. One instance per stream. */
    private static final class ReplyCollector extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<byte[]> reply;
        private final int maxReplyBytes;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        ReplyCollector(CompletableFuture<byte[]> reply, int maxReplyBytes) {
            this.reply = reply;
            this.maxReplyBytes = maxReplyBytes;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            try {
                if (received.size() + data.readableBytes() > maxReplyBytes) {
                    reply.completeExceptionally(new IOException("reply on " + ctx.channel() + " is longer than maxReplyBytes="
                            + maxReplyBytes));
                    ctx.close();
                    return;
                }
                data.readBytes(received, data.readableBytes());
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible); // a ByteArrayOutputStream does not throw
            } finally {
                data.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof ChannelInputShutdownEvent) {
                reply.complete(received.toByteArray());
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
            String closed = stream + " closed before the server's reply ended (FIN)";
            Long lastAdmitted = stream.parent().attr(ConnectionWatcher.LAST_ADMITTED_STREAM).get();
            if (lastAdmitted == null) {
                reply.completeExceptionally(new IOException(closed));
            } else if (stream.streamId() > lastAdmitted) {
                reply.completeExceptionally(new RequestNotProcessedException(closed + (lastAdmitted == ConnectionWatcher.NO_STREAM
                        ? ": the server refused the connection or went away before any stream reached its application"
                        : ": the server went away after its last stream " + lastAdmitted + ", before this one reached its application"),
                        null));
            } else {
                boolean cut = Boolean.TRUE.equals(stream.parent().attr(ConnectionWatcher.CUT_AT_DEADLINE).get());
                reply.completeExceptionally(new IOException(closed + ": the server went away (GOING_AWAY) after this stream reached"
                        + " its application (its last stream " + lastAdmitted + "), so the request may have been processed and is not"
                        + " sent again: " + (cut ? "the server's drain deadline cut it" : "its reply was lost on the way")));
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof QuicStreamResetException reset && reset.applicationProtocolCode() == QuicErrorCodes.REQUEST_REJECTED) {
                reply.completeExceptionally(new RequestNotProcessedException("the server rejected the request on " + ctx.channel()
                        + " (REQUEST_REJECTED: not processed; it drains or sheds load)", reset));
            } else {
                reply.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
