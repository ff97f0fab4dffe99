package dev.quicregistry.api;

/** Ends a listener's subscription; idempotent. */
public interface Registration extends AutoCloseable {

    @Override
    void close();
}
