/**
 * The registries of one JVM: {@link dev.quicregistry.impl.LocalQuicServerRegistry} and
 * {@link dev.quicregistry.impl.LocalConnectionRegistry}, constructed directly by plain-Java users
 * and by the CDI extension. In OSGi this package is exported with the version below; the
 * Declarative Services components that publish the registries as services stay private.
 */
@Export
@Version("1.1.0")
package dev.quicregistry.impl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
