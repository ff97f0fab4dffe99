package dev.quicregistry.websocket;

import dev.quicregistry.support.DrainLoop;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The outgoing messages of a {@link ReconnectingWebSocket}: every message passes through it, one
 * on the wire at a time (as {@link WebSocket} requires), in the order it was offered.
 *
 * <p>Invariants (all fields under {@code lock}):
 * <ol>
 *   <li>{@code waiting.size() + (inFlight == null ? 0 : 1) <= capacity}; an offer past it fails at once.</li>
 *   <li>A message is taken off {@code waiting} only to become {@code inFlight}; at most one is.
 *       When its send completes it is done (its future completes); when its send fails it goes back
 *       to the head of {@code waiting}, so it is sent again, before every later message, on the next
 *       socket, until it has been tried {@code maxAttempts} times: then it fails alone and the next
 *       message goes. So each message completes once, and messages reach the wire in offer order.</li>
 *   <li>A text message that cannot be encoded (an unpaired surrogate) is refused when offered: it
 *       never reaches a socket, so its failure is never taken for a lost socket.</li>
 *   <li>{@code target} is the socket to send on, or null while there is none; once {@code closed},
 *       nothing is queued or sent, and every waiting message has failed.</li>
 *   <li>Only the owner of the {@link DrainLoop} sends; others leave it another round, so a send that
 *       completes on the sending thread never recurses.</li>
 * </ol>
 */
final class SendQueue {

    private final String connection;
    private final int capacity;
    private final int maxAttempts;
    private final BiConsumer<WebSocket, Throwable> writeFailed;
    private final Object lock = new Object();
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    private final DrainLoop sender = new DrainLoop(this::sendOne);
    private Outgoing inFlight;
    private WebSocket target;
    private boolean closed;

    SendQueue(String connection, int capacity, int maxAttempts, BiConsumer<WebSocket, Throwable> writeFailed) {
        this.connection = connection;
        this.capacity = capacity;
        this.maxAttempts = maxAttempts;
        this.writeFailed = writeFailed;
    }

    CompletableFuture<Void> offerText(String text) {
        int unpaired = unpairedSurrogate(text);
        if (unpaired >= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("text message for connection '"
                    + connection + "' has an unpaired surrogate at index " + unpaired
                    + " and cannot be encoded as UTF-8; it was not sent (the connection carries on)"));
        }
        return offer(new Outgoing(text, null));
    }

    /** The index of the first unpaired UTF-16 surrogate of {@code text}, or -1 where it has none. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    CompletableFuture<Void> offerBinary(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
        return offer(new Outgoing(null, copy.asReadOnlyBuffer()));
    }

    private CompletableFuture<Void> offer(Outgoing message) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "connection '" + connection + "' is closed; the message was not queued"));
            }
            if (waiting.size() + (inFlight == null ? 0 : 1) >= capacity) {
                return CompletableFuture.failedFuture(new SendQueueFullException(connection, capacity));
            }
            waiting.add(message);
        }
        drain();
        return message.result;
    }

    /** Sends on {@code socket} from now on. */
    void connected(WebSocket socket) {
        synchronized (lock) {
            target = socket;
        }
        drain();
    }

    /** Stops sending on {@code socket}, if it is the target. */
    void disconnected(WebSocket socket) {
        synchronized (lock) {
            if (target == socket) {
                target = null;
            }
        }
    }

    /** Messages waiting or on the wire now. */
    int size() {
        synchronized (lock) {
            return waiting.size() + (inFlight == null ? 0 : 1);
        }
    }

    /** Refuses further messages and fails the waiting ones with {@code reason}. */
    void close(RuntimeException reason) {
        List<Outgoing> failed;
        synchronized (lock) {
            closed = true;
            target = null;
            failed = new ArrayList<>(waiting);
            waiting.clear();
        }
        failed.forEach(message -> message.result.completeExceptionally(reason));
    }

    private void drain() {
        sender.request();
    }

    private void sendOne() {
        Outgoing next;
        WebSocket socket;
        synchronized (lock) {
            if (closed || inFlight != null || target == null || waiting.isEmpty()) {
                return;
            }
            next = waiting.poll();
            inFlight = next;
            socket = target;
        }
        CompletableFuture<WebSocket> sent;
        try {
            sent = next.sendOn(socket);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ignored, failure) -> onSent(next, socket, failure));
    }

    private void onSent(Outgoing message, WebSocket socket, Throwable failure) {
        RuntimeException failedForGood = null;
        boolean wasClosed;
        synchronized (lock) {
            wasClosed = closed;
            inFlight = null;
            if (failure != null) {
                if (closed) {
                    failedForGood = new IllegalStateException("connection '" + connection
                            + "' closed while the message was being sent", failure);
                } else if (++message.attempts >= maxAttempts) {
                    failedForGood = new IllegalStateException("message of connection '" + connection + "' was not sent in "
                            + maxAttempts + " attempts (maxSendAttempts), each on a socket that failed; last failure: "
                            + failure, failure);
                } else {
                    waiting.addFirst(message);
                }
                if (!closed && target == socket) {
                    target = null;
                }
            }
        }
        if (failure == null) {
            message.result.complete(null);
            drain();
            return;
        }
        if (failedForGood != null) {
            message.result.completeExceptionally(failedForGood);
        }
        if (!wasClosed) {
            writeFailed.accept(socket, failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
        }
        drain();
    }

    /** One message: text or binary, and the future its sender holds. */
    private static final class Outgoing {
        final String text;
        final ByteBuffer binary;
        final CompletableFuture<Void> result = new CompletableFuture<>();
        /** Sends that failed so far; under the queue's lock. */
        int attempts;

        Outgoing(String text, ByteBuffer binary) {
            this.text = text;
            this.binary = binary;
        }

        CompletableFuture<WebSocket> sendOn(WebSocket socket) {
            return text != null ? socket.sendText(text, true) : socket.sendBinary(binary.duplicate(), true);
        }
    }
}
