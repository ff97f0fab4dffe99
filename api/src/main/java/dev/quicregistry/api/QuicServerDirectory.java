package dev.quicregistry.api;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** Named servers of every JVM that shares the directory. Reads answer from a local cache. */
@ProviderType
public interface QuicServerDirectory extends AutoCloseable {

    /** Every endpoint of {@code name} known now, this JVM's own included; empty when none. Never blocks on the network. */
    List<ServerEndpoint> endpoints(String name);

    /** Names with at least one endpoint now. */
    Set<String> names();

    /** Publishes every server of {@code local} (registered now and later) until the returned registration is closed. */
    Registration publish(QuicServerRegistry local);

    /** Has {@code listener} receive every endpoint seen appearing or leaving, in the order seen. */
    Registration addListener(DirectoryListener listener);

    /** True while connected to the coordination service (for readiness checks). */
    boolean isConnected();

    /** Withdraws what this directory published and stops it; idempotent. */
    @Override
    void close();
}
