/**
 * Micrometer meters of quic-registry: {@link dev.quicregistry.micrometer.QuicRegistryMetrics} for
 * both registries and reconnecting clients, and its CDI binding.
 */
@Export
@Version("1.0.0")
package dev.quicregistry.micrometer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
