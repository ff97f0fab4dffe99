package dev.quicregistry.websocket;

/** A message was refused because the send queue of a {@link ReconnectingWebSocket} is at its bound. */
public final class SendQueueFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int capacity;

    SendQueueFullException(String connection, int capacity) {
        super("send queue of connection '" + connection + "' is full: sendQueueCapacity=" + capacity
                + " messages are waiting to be sent; the message was not queued");
        this.capacity = capacity;
    }

    /** The bound that was reached ({@code sendQueueCapacity}). */
    public int capacity() {
        return capacity;
    }
}
