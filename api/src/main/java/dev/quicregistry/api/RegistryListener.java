package dev.quicregistry.api;

/**
 * Receives every change of a registry, on the thread that made it, before that change's call returns.
 * A listener may call back into the registry; what it throws is logged and changes nothing.
 */
@FunctionalInterface
public interface RegistryListener {

    /** Called once for each change. */
    void onEvent(RegistryEvent event);
}
