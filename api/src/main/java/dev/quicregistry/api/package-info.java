/**
 * The public contract of quic-registry: {@link dev.quicregistry.api.QuicServerRegistry} for named
 * QUIC servers, {@link dev.quicregistry.api.ConnectionRegistry} for stable connection ids whose
 * transport is swapped on reconnection, the {@link dev.quicregistry.api.RegistryEvent}s both fire,
 * and the {@link dev.quicregistry.api.NamedQuicServer} CDI qualifier.
 */
package dev.quicregistry.api;
