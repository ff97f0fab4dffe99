package dev.quicregistry.impl;

import java.util.Arrays;
import java.util.Objects;

/**
 * API.md's rules for one server name, written out plainly and independently of the registry: the
 * sequential specification Lincheck checks {@link LocalQuicServerRegistry}'s concurrent histories
 * against. Servers are their index (0..2), bound to ports 4401..4403 as the test's are; -1 reads as
 * "none".
 */
public final class ServerRegistryModel {

    private static final int FIRST_BOUND_PORT = 4401;
    private static final int UPDATED_PORT = 5000;

    /** The registered server's index, or null. */
    private Integer server;
    /** Its port: 0 as registered, until {@code port()} resolves it or {@code updatePort} sets it. */
    private int port;
    /** Which servers' termination has completed. */
    private final boolean[] terminated = new boolean[3];

    /**
     * Registers the server with port 0, replacing any entry; a server whose termination completed
     * already leaves no entry (the replaced one is gone too).
     */
    public void register(int server) {
        if (terminated[server]) {
            this.server = null;
            return;
        }
        this.server = server;
        port = 0;
    }

    /** A server that stopped before it was registered: what was registered is replaced, and nothing is left. */
    public void registerStopped() {
        server = null;
    }

    /** Idempotent. */
    public void unregister() {
        server = null;
    }

    /** Removes the entry only while it is this server's; whether it did. */
    public boolean unregisterOwned(int server) {
        if (this.server == null || this.server != server) {
            return false;
        }
        this.server = null;
        return true;
    }

    public int lookup() {
        return server == null ? -1 : server;
    }

    /** A registered 0 is resolved from the server's bound port and kept. */
    public int port() {
        if (server == null) {
            return -1;
        }
        if (port == 0) {
            port = FIRST_BOUND_PORT + server;
        }
        return port;
    }

    /** False where no such name; otherwise the port is the new one. */
    public boolean updatePort() {
        if (server == null) {
            return false;
        }
        port = UPDATED_PORT;
        return true;
    }

    /** The server stops by itself: its entry leaves, but only while the name still maps to that server. */
    public void terminate(int server) {
        terminated[server] = true;
        if (this.server != null && this.server == server) {
            this.server = null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerRegistryModel model && Objects.equals(server, model.server)
                && (server == null || port == model.port) && Arrays.equals(terminated, model.terminated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, server == null ? 0 : port, Arrays.hashCode(terminated));
    }
}
