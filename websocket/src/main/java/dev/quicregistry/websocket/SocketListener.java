package dev.quicregistry.websocket;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK listener of one socket of a {@link ReconnectingWebSocket}: assembles partial messages for
 * the application's {@link MessageListener}, records pongs, and turns the socket's end into a loss
 * signal. A new one is made for every connection attempt.
 *
 * <p>Invariants: the JDK calls one socket's listener methods one at a time, so {@code text} and
 * {@code binary} are confined to those calls; neither ever holds more than {@code maxMessageSize}
 * (characters, bytes): a message that would pass it is refused before it is buffered, the socket is
 * closed (4009, "1009 message too big"), and what follows is read and discarded until the server's
 * close; {@code ended} completes once, on the socket's close, error or abort.
 */
final class SocketListener implements WebSocket.Listener {

    private static final System.Logger LOG = System.getLogger(SocketListener.class.getName());

    private final ReconnectingWebSocket owner;
    private final int maxMessageSize;
    private volatile boolean refused;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final AtomicLong lastPong = new AtomicLong();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    SocketListener(ReconnectingWebSocket owner, int maxMessageSize) {
        this.owner = owner;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (refused) {
            webSocket.request(1); // discarded, nothing kept: read on until the server's close arrives
            return null;
        }
        if ((long) text.length() + data.length() > maxMessageSize) {
            refuse(webSocket, "a text message of more than " + maxMessageSize + " characters");
            return null;
        }
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            deliver(() -> owner.listener().onText(owner, message));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (refused) {
            webSocket.request(1);
            return null;
        }
        if ((long) binary.size() + data.remaining() > maxMessageSize) {
            refuse(webSocket, "a binary message of more than " + maxMessageSize + " bytes");
            return null;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            ByteBuffer message = ByteBuffer.wrap(binary.toByteArray());
            binary.reset();
            deliver(() -> owner.listener().onBinary(owner, message));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1); // the JDK answers with a pong itself
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        if (message.remaining() == Long.BYTES) {
            lastPong.accumulateAndGet(message.getLong(message.position()), Math::max);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete(null);
        owner.serverClosed(webSocket, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete(null);
        owner.socketLost(webSocket, error);
    }

    /**
     * The server sends more than the client takes in one message: its fault (RFC 6455 §7.4.1, 1009),
     * so the socket is closed, the partial message dropped, and the connection ends for good instead
     * of reconnecting into the same message again. The JDK client sends only 1000 and 3000-4999, so
     * the close says 1009 in its reason under the application code 4009.
     */
    private void refuse(WebSocket webSocket, String what) {
        refused = true;
        text.setLength(0);
        binary.reset();
        String reason = "1009 message too big: more than maxMessageSize=" + maxMessageSize;
        LOG.log(Level.WARNING, () -> "connection '" + owner.id() + "': the server sent " + what
                + " (maxMessageSize); closing (4009, 1009 message too big)");
        webSocket.sendClose(CloseCodes.MESSAGE_TOO_BIG_SENT, reason);
        webSocket.request(1);
        owner.messageTooBig(webSocket, "the server sent " + what + " (maxMessageSize); closed with 4009 (1009 message too big)");
    }

    /** Whether this client sent the socket a close of its own (message too big); the server's answer is then awaited, bounded. */
    boolean closeSent() {
        return refused;
    }

    /** The highest ping number answered so far. */
    long lastPong() {
        return lastPong.get();
    }

    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "message listener of connection '" + owner.id() + "' threw; ignored", e);
        }
    }
}
