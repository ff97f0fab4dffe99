package dev.quicregistry.reconnect;

import java.util.concurrent.CompletionStage;

/**
 * Makes one connection attempt for a {@link Reconnector}: the transport binding's only job besides
 * reporting losses. The returned stage must complete (bound it with the transport's connect timeout).
 *
 * @param <T> the transport type, e.g. a WebSocket or a QUIC channel
 */
@FunctionalInterface
public interface Connector<T> {

    /** Starts an attempt; a stage failing, or this method throwing, is a failed attempt. */
    CompletionStage<T> connect() throws Exception;
}
