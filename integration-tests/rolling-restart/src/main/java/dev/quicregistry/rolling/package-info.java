/**
 * A rolling restart on real JVMs: {@link dev.quicregistry.rolling.RollServer} is one server JVM
 * (a child process) that publishes a named QUIC server through ZooKeeper and drains when told;
 * {@link dev.quicregistry.rolling.Roll} drives a fleet of them under looping clients and reports
 * what the clients saw. Used by this module's tests and by the benchmarks; not a library.
 */
package dev.quicregistry.rolling;
