package dev.quicregistry.api;

/**
 * A change of a registry. The set is closed, so a {@code switch} over it is checked by the compiler;
 * the CDI extension also fires each one as a CDI event.
 */
public sealed interface RegistryEvent permits ServerRegistered, ServerUnregistered,
        ServerPortResolved, ConnectionRegistered, ConnectionReplaced, ConnectionUnregistered {
}
