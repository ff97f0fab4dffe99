/**
 * A transport-neutral reconnection engine: {@link dev.quicregistry.reconnect.Reconnector}
 * keeps a stable connection id registered in a {@link dev.quicregistry.api.ConnectionRegistry}
 * while it replaces lost transports, with a replaceable
 * {@link dev.quicregistry.reconnect.BackoffPolicy}. The WebSocket and QUIC clients are built on it.
 */
@Export
@Version("1.1.0")
package dev.quicregistry.reconnect;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
