package dev.quicregistry.api;

import org.osgi.annotation.versioning.ProviderType;

/** Ends a listener's subscription; idempotent. */
@ProviderType
public interface Registration extends AutoCloseable {

    @Override
    void close();
}
