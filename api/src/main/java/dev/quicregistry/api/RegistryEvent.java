package dev.quicregistry.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A change of a registry. The set is closed, so a {@code switch} over it is checked by the compiler;
 * the CDI extension also fires each one as a CDI event.
 */
@ProviderType
public sealed interface RegistryEvent permits ServerRegistered, ServerUnregistered,
        ServerPortResolved, ServerDraining, ConnectionRegistered, ConnectionReplaced, ConnectionUnregistered {
}
