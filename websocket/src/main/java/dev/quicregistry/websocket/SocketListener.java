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
 * {@code binary} are confined to those calls; {@code ended} completes once, on the socket's close,
 * error or abort.
 */
final class SocketListener implements WebSocket.Listener {

    private static final System.Logger LOG = System.getLogger(SocketListener.class.getName());

    private final ReconnectingWebSocket owner;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final AtomicLong lastPong = new AtomicLong();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    SocketListener(ReconnectingWebSocket owner) {
        this.owner = owner;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
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
