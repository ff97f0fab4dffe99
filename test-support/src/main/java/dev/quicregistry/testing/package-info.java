/**
 * What the modules' tests share. {@link dev.quicregistry.api.QuicServer} doubles for tests whose
 * thing under test is a registry, an extension or a whiteboard ({@link dev.quicregistry.testing.TestServer}
 * binds nothing, {@link dev.quicregistry.testing.UdpTestServer} binds a real UDP port on loopback);
 * for tests of real QUIC servers, a client on Netty's codec ({@link dev.quicregistry.testing.QuicTestClient})
 * and CA-issued certificates ({@link dev.quicregistry.testing.TestCertificates}); and
 * {@link dev.quicregistry.testing.LogCapture}. Netty is an optional dependency: a module that uses
 * the client or the certificates has it already. Not deployed; exported so that the OSGi
 * integration tests can install it as a bundle.
 */
@Export
@Version("1.3.0")
package dev.quicregistry.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
