package dev.quicregistry.netty.client;

import java.io.IOException;

/**
 * A request that the server never processed: its stream was rejected
 * ({@link dev.quicregistry.netty.QuicErrorCodes#REQUEST_REJECTED}), could not be opened or
 * written, or its connection went away with no stream open at the server. Sending it again, on
 * another connection, is safe.
 */
public final class RequestNotProcessedException extends IOException {

    private static final long serialVersionUID = 1L;

    RequestNotProcessedException(String message, Throwable cause) {
        super(message, cause);
    }
}
