package dev.quicregistry.samples.reconnect;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.netty.ClientStreams;
import io.netty.handler.codec.quic.QuicChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A CDI observer that restores a client's subscriptions whenever its transport is replaced: for a
 * {@code ConnectionReplaced} whose new transport is a QUIC connection, it sends "subscribe topic"
 * on a new stream of that connection for each topic of the id. It runs on the thread that swapped
 * the transport in (the client's callback thread, not the event loop) and does not block.
 */
@ApplicationScoped
public class Resubscriber {

    static final int MAX_REPLY_BYTES = 1024;
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<Resubscription> done = new LinkedBlockingQueue<>();

    @Inject
    Subscriptions subscriptions;

    @Inject
    SampleConsole console;

    void resubscribe(@Observes ConnectionReplaced replaced) {
        if (!(replaced.current() instanceof QuicChannel connection)) {
            return; // another transport (e.g. a WebSocket) has its own resubscriber
        }
        for (String topic : subscriptions.of(replaced.id())) {
            ClientStreams.requestReply(connection, ("subscribe " + topic).getBytes(StandardCharsets.UTF_8), MAX_REPLY_BYTES)
                    .toCompletableFuture()
                    .orTimeout(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((reply, failure) -> {
                        if (failure != null) {
                            console.println("resubscribing " + replaced.id().value() + " to " + topic + " failed: " + failure);
                            return;
                        }
                        Resubscription resubscription = new Resubscription(replaced.id(), topic,
                                connection.remoteSocketAddress(), new String(reply, StandardCharsets.UTF_8));
                        console.println("resubscribed " + resubscription.id().value() + " to " + topic + " on "
                                + resubscription.server() + ": " + resubscription.reply());
                        done.add(resubscription);
                    });
        }
    }

    /** The next resubscription that completed, waiting at most {@code timeout}. */
    public Optional<Resubscription> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(done.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
}
