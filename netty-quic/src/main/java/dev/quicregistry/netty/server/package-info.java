/**
 * A real QUIC server for the registry, on Netty's QUIC codec (quiche + BoringSSL):
 * {@link dev.quicregistry.netty.server.NettyQuicServer}, configured with its builder and overridable
 * per start through {@link dev.quicregistry.api.ServerSettings#options()} (see
 * {@link dev.quicregistry.netty.server.ServerOptions}). Exported in OSGi with the version below.
 */
@Export
@Version("1.1.0")
package dev.quicregistry.netty.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
