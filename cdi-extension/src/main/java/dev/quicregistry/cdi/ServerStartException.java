package dev.quicregistry.cdi;

/** A server failed to start; the message names the server, the host:port it was to bind, and the cause. */
final class ServerStartException extends Exception {

    ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
