/**
 * A real QUIC server for the registry, on Netty's QUIC codec (quiche + BoringSSL):
 * {@link dev.quicregistry.netty.NettyQuicServer}, configured with its builder and overridable per
 * start through {@link dev.quicregistry.api.ServerSettings#options()} (see {@link dev.quicregistry.netty.ServerOptions});
 * and {@link dev.quicregistry.netty.ReconnectingQuicClient}, a client that finds its server by name in
 * the registry on every attempt and keeps one connection id across server restarts.
 * In OSGi this package is exported with the version below, so that application bundles can build
 * and start servers and clients; the native library comes from Netty's {@code netty-codec-native-quic} fragment.
 */
@Export
@Version("1.0.0")
package dev.quicregistry.netty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
