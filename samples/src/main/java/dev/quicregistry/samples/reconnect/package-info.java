/**
 * The sample's reconnection part: a QUIC client that survives a server restart, with a CDI observer
 * of {@code ConnectionReplaced} that subscribes again on the new connection. Entry point:
 * {@link dev.quicregistry.samples.reconnect.ReconnectPart#run}.
 */
package dev.quicregistry.samples.reconnect;
