/**
 * A real QUIC server for the registry, on Netty's QUIC codec (quiche + BoringSSL):
 * {@link dev.quicregistry.netty.NettyQuicServer}, configured with its builder and overridable per
 * start through {@link dev.quicregistry.api.ServerSettings#options()} (see {@link dev.quicregistry.netty.ServerOptions}).
 */
package dev.quicregistry.netty;
