package dev.quicregistry.cdi.internal;

/** A server failed to start; the message names the server, the host:port it was to bind, and the cause. */
public final class ServerStartException extends Exception {

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
