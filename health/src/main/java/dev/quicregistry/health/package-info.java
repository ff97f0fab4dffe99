/**
 * MicroProfile Health readiness checks of quic-registry: {@code quic-servers} and, where a cluster
 * directory runs, {@code quic-directory}. Added to a CDI application by
 * {@link dev.quicregistry.health.HealthChecksExtension}.
 */
@Export
@Version("1.0.0")
package dev.quicregistry.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
