package dev.quicregistry.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The queue's rules with each write's outcome chosen by the test: one message on the wire at a
 * time, a failed write sent again first on the next socket, a completed write never again.
 * The sockets are doubles of the queue's neighbour; the real-socket behaviour is in ServerRestartTest.
 */
class SendQueueOrderTest {

    private final List<Throwable> writeFailures = new CopyOnWriteArrayList<>();
    private final SendQueue queue = new SendQueue("order", 10, 3, (socket, failure) -> writeFailures.add(failure));

    @Test
    void aFailedWriteIsSentAgainFirstOnTheNextSocketAndEachMessageCompletesOnce() {
        ScriptedSocket first = new ScriptedSocket();
        queue.connected(first);
        CompletableFuture<Void> a = queue.offerText("a");
        CompletableFuture<Void> b = queue.offerText("b");
        CompletableFuture<Void> c = queue.offerText("c");
        assertThat(first.written).as("one message on the wire at a time").containsExactly("a");

        first.completeNext();
        assertThat(first.written).containsExactly("a", "b");
        first.failNext(new IOException("broken pipe"));

        assertThat(a).isCompleted();
        assertThat(b).isNotDone();
        assertThat(writeFailures).singleElement().extracting(Throwable::getMessage).isEqualTo("broken pipe");
        ScriptedSocket second = new ScriptedSocket();
        queue.connected(second);
        second.completeNext();
        second.completeNext();

        assertThat(second.written).containsExactly("b", "c");
        assertThat(List.of(a, b, c)).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
        assertThat(queue.size()).isZero();
    }

    @Test
    void aMessageWhoseSendFailsOnEverySocketFailsAloneAfterMaxAttemptsAndTheNextGoes() {
        CompletableFuture<Void> doomed = queue.offerText("doomed");
        CompletableFuture<Void> next = queue.offerText("next");
        for (int attempt = 1; attempt <= 3; attempt++) {
            ScriptedSocket socket = new ScriptedSocket();
            queue.connected(socket);
            assertThat(socket.written).as("attempt %d", attempt).containsExactly("doomed");
            socket.failNext(new IOException("reset on attempt " + attempt));
        }
        ScriptedSocket healthy = new ScriptedSocket();
        queue.connected(healthy);
        healthy.completeNext();

        assertThat(doomed).isCompletedExceptionally();
        assertThatThrownBy(doomed::join).hasRootCauseMessage("reset on attempt 3")
                .hasMessageContaining("was not sent in 3 attempts (maxSendAttempts)");
        assertThat(healthy.written).containsExactly("next");
        assertThat(next).isCompleted();
    }

    @Test
    void aTextWithAnUnpairedSurrogateFailsAloneWithoutReachingTheSocket() {
        ScriptedSocket socket = new ScriptedSocket();
        socket.completeAtOnce = true;
        queue.connected(socket);

        CompletableFuture<Void> broken = queue.offerText("price \uD83D moved");
        CompletableFuture<Void> fine = queue.offerText("price \uD83D\uDE00 moved");

        assertThatThrownBy(broken::join).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate at index 6");
        assertThat(fine).isCompleted();
        assertThat(socket.written).containsExactly("price \uD83D\uDE00 moved");
        assertThat(writeFailures).as("not taken for a lost socket").isEmpty();
    }

    @Test
    void aWriteCompletingOnTheSendingThreadDoesNotRecurse() {
        ScriptedSocket immediate = new ScriptedSocket();
        immediate.completeAtOnce = true;
        queue.connected(immediate);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(queue.offerText("m" + i));
        }

        assertThat(sent).allMatch(CompletableFuture::isDone);
        assertThat(immediate.written).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    void aBinaryMessageIsCopiedWhenQueued() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        queue.offerBinary(payload);
        payload.put(0, (byte) 9);
        ScriptedSocket socket = new ScriptedSocket();

        queue.connected(socket);

        assertThat(socket.binary).singleElement().isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    /** A socket whose writes complete when the test says so. */
    private static final class ScriptedSocket implements WebSocket {
        final List<String> written = new ArrayList<>();
        final List<ByteBuffer> binary = new ArrayList<>();
        final List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        boolean completeAtOnce;

        void completeNext() {
            pending.remove(0).complete(this);
        }

        void failNext(Throwable failure) {
            pending.remove(0).completeExceptionally(failure);
        }

        private CompletableFuture<WebSocket> write() {
            if (completeAtOnce) {
                return CompletableFuture.completedFuture(this);
            }
            CompletableFuture<WebSocket> write = new CompletableFuture<>();
            pending.add(write);
            return write;
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            written.add(data.toString());
            return write();
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            binary.add(data);
            return write();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }
}
