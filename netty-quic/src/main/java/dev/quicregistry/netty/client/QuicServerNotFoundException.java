package dev.quicregistry.netty.client;

import java.io.IOException;

/**
 * Why a {@link ReconnectingQuicClient} attempt failed before dialing: the server name it looks up
 * is not registered now (or its port is not known yet). Such an attempt is retried per the backoff
 * policy, since the server may be registered again, e.g. after a restart.
 */
public final class QuicServerNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String serverName;

    QuicServerNotFoundException(String serverName, String message) {
        super(message);
        this.serverName = serverName;
    }

    /** The server name that was looked up. */
    public String serverName() {
        return serverName;
    }
}
