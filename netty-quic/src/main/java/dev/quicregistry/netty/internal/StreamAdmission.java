package dev.quicregistry.netty.internal;

import io.netty.handler.codec.quic.QuicStreamChannel;

/** Whether a stream the peer opened reaches the application's handler; one that does not is the admission's to end. */
@FunctionalInterface
public interface StreamAdmission {

    /** Every stream reaches the application (a client's streams). */
    StreamAdmission ALL = stream -> true;

    /** Called on the stream's event loop before any handler of the application is added. */
    boolean admit(QuicStreamChannel stream);
}
