/**
 * The few helpers every module of quic-registry shares, public so that transport bindings outside
 * this project can keep the same rules: argument checks with messages that name the value
 * ({@link dev.quicregistry.api.support.Arguments}), the secret-value rule
 * ({@link dev.quicregistry.api.support.Secrets}), durations in configuration
 * ({@link dev.quicregistry.api.support.Durations}), the one "whoever finds it idle drains" loop
 * ({@link dev.quicregistry.api.support.DrainLoop}) and a copy-on-write listener list
 * ({@link dev.quicregistry.api.support.ListenerList}). Applications need none of them.
 */
@Export
@Version("1.1.0")
package dev.quicregistry.api.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
