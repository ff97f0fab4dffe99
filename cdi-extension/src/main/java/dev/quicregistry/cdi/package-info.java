/**
 * The CDI integration: {@link dev.quicregistry.cdi.QuicRegistryExtension} discovers
 * {@code @NamedQuicServer} beans, starts them with their MicroProfile Config settings, registers
 * them, and fires every registry event as a CDI event. In OSGi this package is exported with the
 * version below, for applications that add the extension themselves.
 */
@Export
@Version("1.1.0")
package dev.quicregistry.cdi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
