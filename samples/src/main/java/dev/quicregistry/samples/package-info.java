/**
 * A runnable Weld SE application that shows quic-registry at work: two named Netty QUIC servers
 * started from MicroProfile Config, the registry that finds them, real QUIC clients, and the
 * registry's events as CDI events. Start with {@link dev.quicregistry.samples.Main}.
 */
package dev.quicregistry.samples;
