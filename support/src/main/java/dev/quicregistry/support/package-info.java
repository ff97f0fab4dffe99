/**
 * Internal: the few helpers every module of quic-registry shares, so each rule is written once:
 * argument checks with messages that name the value ({@link dev.quicregistry.support.Arguments}),
 * the secret-option rule ({@link dev.quicregistry.support.Secrets}), durations in configuration
 * ({@link dev.quicregistry.support.Durations}), the one "whoever finds it idle drains" loop
 * ({@link dev.quicregistry.support.DrainLoop}) and a copy-on-write listener list
 * ({@link dev.quicregistry.support.ListenerList}). Not an API: applications need none of it, and it
 * may change in any release. Exported in OSGi only because the other
 * bundles of quic-registry use it.
 */
@Export
@Version("1.1.0")
package dev.quicregistry.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
