package dev.quicregistry.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives every change of a registry, on the thread that made it, before that change's call returns.
 * A listener may call back into the registry; what it throws is logged and changes nothing.
 */
@ConsumerType
@FunctionalInterface
public interface RegistryListener {

    /** Called once for each change. */
    void onEvent(RegistryEvent event);
}
