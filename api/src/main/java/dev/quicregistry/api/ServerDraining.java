package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;
import java.time.Instant;

/**
 * A server began draining ({@link QuicServerRegistry#drain}): it takes no new connections, its
 * endpoint leaves the directory, and its accepted work may run until {@code deadline}. Its entry
 * stays until the drain completes ({@link ServerUnregistered.Reason#DRAINED}).
 *
 * @param server the entry as it was when the drain began
 * @param deadline when whatever is still open is closed
 */
public record ServerDraining(ServerInfo server, Instant deadline) implements RegistryEvent {

    /** Validates. */
    public ServerDraining {
        Arguments.notNull(server, "server");
        Arguments.notNull(deadline, "deadline");
    }
}
