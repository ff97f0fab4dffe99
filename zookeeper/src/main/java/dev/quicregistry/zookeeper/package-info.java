/**
 * The cluster directory of quic-registry: named servers of every JVM, published as ephemeral
 * registrations through Apache Curator on ZooKeeper ({@link dev.quicregistry.zookeeper.ZooKeeperDirectory}).
 */
@Export
@Version("1.0.0")
package dev.quicregistry.zookeeper;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
