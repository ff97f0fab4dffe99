package dev.quicregistry.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Named QUIC servers: register a server under a name, find it, its port and its connections by
 * that name. An entry removes itself when its server terminates. Reads never block behind writers.
 */
@ProviderType
public interface QuicServerRegistry {

    /** Registers, or replaces what is registered under name. Watches server.termination(). */
    void register(String name, QuicServer server, int port, Map<String, ?> options);

    /** Idempotent. */
    void unregister(String name);

    /**
     * Unregisters name only while it maps to {@code server} (compare-and-remove, reason
     * {@code UNREGISTERED}), so an owner that lets its server go never removes a server someone
     * else has registered under the name since.
     *
     * @return whether this call removed the entry
     */
    boolean unregister(String name, QuicServer server);

    /** The entry registered under name now. */
    Optional<ServerInfo> lookup(String name);

    /** Names registered now. */
    Set<String> names();

    /** The port; a registered 0 is resolved from server.boundPort() and stored. Empty: no such server, or port not known yet. */
    OptionalInt port(String name);

    /** The listener's address, read live from the server. */
    Optional<InetSocketAddress> localAddress(String name);

    /** false where no such server. port must be 1..65535. */
    boolean updatePort(String name, int port);

    /** Empty where no such server. */
    Optional<List<QuicConnection>> connections(String name);

    /**
     * Drains the server registered under {@code name}: marks the entry draining (a
     * {@link ServerDraining} event, delivered before the server changes anything), then calls
     * {@code server.drain(grace)} on this thread; returns once it terminated and the entry is gone
     * (reason {@link ServerUnregistered.Reason#DRAINED}). No such name: a no-op. Any string is
     * accepted as a name (a read-like no-op). Where the server cannot wait on the calling thread
     * (a stream handler on its own event loop), it drains on a thread of its own and this returns
     * once the entry is marked, as the server's {@code drain} does there.
     *
     * @throws NullPointerException where {@code grace} is null
     * @throws IllegalArgumentException where {@code grace} is negative
     */
    void drain(String name, Duration grace);

    /** Whether the entry under {@code name} is draining now; false where no such name. */
    boolean isDraining(String name);

    /** Subscribes a listener to every change of this registry, until the returned registration is closed. */
    Registration addListener(RegistryListener listener);
}
