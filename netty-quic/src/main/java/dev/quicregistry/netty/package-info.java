/**
 * The Netty QUIC binding's stream handlers, shared by its server ({@link dev.quicregistry.netty.server})
 * and its client ({@link dev.quicregistry.netty.client}): {@link dev.quicregistry.netty.StreamHandlers}.
 * In OSGi these three packages are exported with their versions; the native library comes from
 * Netty's {@code netty-codec-native-quic} fragment.
 */
@Export
@Version("2.2.0")
package dev.quicregistry.netty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
