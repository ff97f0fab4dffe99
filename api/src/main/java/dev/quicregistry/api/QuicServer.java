package dev.quicregistry.api;

import java.io.IOException;
import dev.quicregistry.support.Arguments;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A QUIC server as the registry sees it: something that binds a UDP port, holds connections and
 * eventually terminates. Transport bindings (such as the Netty one) implement it.
 *
 * <p>Implementations complete {@link #termination()} when the server stops for any reason, and
 * {@link #close()} returns only after that completion <em>and its dependent actions</em> have run,
 * so a registry that watches the termination has removed the server's entry by the time
 * {@code close()} returns. {@link Termination} does that bookkeeping for implementors.
 */
@ConsumerType
public interface QuicServer extends AutoCloseable {

    /** Binds and starts listening; returns once bound. Called at most once. */
    void start(ServerSettings settings) throws IOException;

    /** The UDP port the listener is bound to now; 0 while not bound. */
    int boundPort();

    /** The listener's bound address, while bound. */
    Optional<InetSocketAddress> localAddress();

    /** A snapshot of the open connections. */
    List<QuicConnection> connections();

    /** Completes once the server has stopped: normally, or with the failure that stopped it. */
    CompletionStage<Void> termination();

    /**
     * The option keys this transport documents (e.g. {@code idle-timeout}), or none. A container
     * looks each one up by name for a server, so that configuration sources that cannot list their
     * names, such as environment variables ({@code QUIC_SERVER_API_IDLE_TIMEOUT}), still supply it.
     */
    default Set<String> optionKeys() {
        return Set.of();
    }

    /**
     * Stops taking new work, lets the work it accepted finish for at most {@code grace}, then
     * closes as {@link #close()} does; returns after {@link #termination()} completed. Idempotent;
     * a {@code close()} during a drain ends it at once. {@code Duration.ZERO} closes at once.
     * Default: {@code close()}, for transports that cannot drain.
     *
     * @throws NullPointerException where {@code grace} is null
     * @throws IllegalArgumentException where {@code grace} is negative
     */
    default void drain(Duration grace) {
        Arguments.notNegative(grace, "grace");
        close();
    }

    /** Stops the server and releases its port; idempotent; returns after termination() completed. */
    @Override
    void close();
}
