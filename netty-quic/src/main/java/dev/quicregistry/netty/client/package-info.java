/**
 * A QUIC client that keeps one connection id across server restarts:
 * {@link dev.quicregistry.netty.client.ReconnectingQuicClient} finds its server by name, in a local
 * registry or in a directory shared by several JVMs, on every attempt. Exported in OSGi with the
 * version below.
 */
@Export
@Version("1.1.0")
package dev.quicregistry.netty.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
