/**
 * The public contract of quic-registry: {@link dev.quicregistry.api.QuicServerRegistry} for named
 * QUIC servers, {@link dev.quicregistry.api.ConnectionRegistry} for stable connection ids whose
 * transport is swapped on reconnection, the {@link dev.quicregistry.api.RegistryEvent}s both fire,
 * and the {@link dev.quicregistry.api.NamedQuicServer} CDI qualifier.
 *
 * <p>In OSGi this package is exported with the semantic version below; each interface says with
 * {@code @ProviderType} or {@code @ConsumerType} who implements it, so bnd computes the import
 * range of its users.
 */
@Export
@Version("1.3.0")
package dev.quicregistry.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
