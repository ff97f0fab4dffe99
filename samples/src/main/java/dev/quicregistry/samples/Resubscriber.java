package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.netty.client.ClientStreams;
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
 * {@code ConnectionReplaced} whose new transport is a QUIC connection, it sends "subscribe topic" on
 * a new stream of that connection for each topic of the id. It runs on the thread that swapped the
 * transport in (the client's callback thread, not its event loop) and does not block it.
 */
@ApplicationScoped
class Resubscriber {

    private static final int MAX_REPLY_BYTES = 1024;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<Resubscription> done = new LinkedBlockingQueue<>();

    @Inject
    Subscriptions subscriptions;

    @Inject
    Console console;

    void resubscribe(@Observes ConnectionReplaced replaced) {
        if (!(replaced.current() instanceof QuicChannel connection)) {
            return; // another transport (a WebSocket, say) has a resubscriber of its own
        }
        console.line("[observer] ConnectionReplaced  '" + replaced.id().value() + "' now on " + connection.remoteSocketAddress());
        for (String topic : subscriptions.of(replaced.id())) {
            ClientStreams.requestReply(connection, ("subscribe " + topic).getBytes(StandardCharsets.UTF_8), MAX_REPLY_BYTES)
                    .toCompletableFuture()
                    .orTimeout(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((reply, failure) -> {
                        if (failure != null) {
                            console.line("[observer] resubscribing '" + replaced.id().value() + "' to " + topic
                                    + " failed: " + failure);
                            return;
                        }
                        Resubscription resubscription = new Resubscription(replaced.id(), topic,
                                connection.remoteSocketAddress(), new String(reply, StandardCharsets.UTF_8));
                        console.line("[observer] resubscribed '" + replaced.id().value() + "' to " + topic + " on "
                                + resubscription.server() + ": \"" + resubscription.reply() + "\"");
                        done.add(resubscription);
                    });
        }
    }

    /** The next resubscription that completed, waiting at most {@code timeout}. */
    Optional<Resubscription> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(done.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
}
