package dev.quicregistry.netty.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Gives each new QUIC stream, on a server or a client, a handler of its own from the application's
 * supplier, between the binding's two guards: {@link PeerResetHandler} first (a peer's reset closes
 * the stream quietly) and {@link StreamFailureHandler} last (any other unhandled failure closes it);
 * a stream its {@link StreamAdmission} refuses gets no handler at all.
 */
@Sharable
public final class StreamInitializer extends ChannelInitializer<QuicStreamChannel> {

    private final Supplier<? extends ChannelHandler> handlers;
    private final StreamAdmission admission;

    /** Every stream gets a handler of {@code handlers}. */
    public StreamInitializer(Supplier<? extends ChannelHandler> handlers) {
        this(handlers, StreamAdmission.ALL);
    }

    /** Each stream that {@code admission} admits gets a handler of {@code handlers}; the others nothing. */
    public StreamInitializer(Supplier<? extends ChannelHandler> handlers, StreamAdmission admission) {
        this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
        this.admission = Objects.requireNonNull(admission, "admission must not be null");
    }

    @Override
    protected void initChannel(QuicStreamChannel stream) {
        if (!admission.admit(stream)) {
            return; // ended by the admission before any byte reaches the application
        }
        ChannelHandler handler = Objects.requireNonNull(handlers.get(), "the stream handler supplier returned null");
        stream.pipeline().addLast(PeerResetHandler.INSTANCE, handler, StreamFailureHandler.INSTANCE);
    }
}
