/**
 * {@link dev.quicregistry.api.QuicServer} doubles for tests whose thing under test is a registry,
 * an extension or a whiteboard: {@link dev.quicregistry.testing.TestServer} binds nothing,
 * {@link dev.quicregistry.testing.UdpTestServer} binds a real UDP port on loopback. Not deployed;
 * exported so that the OSGi integration tests can install it as a bundle.
 */
@Export
@Version("1.0.0")
package dev.quicregistry.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
