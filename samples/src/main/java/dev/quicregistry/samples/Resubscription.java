package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionId;
import java.net.SocketAddress;

/**
 * One topic subscribed again on a replacement transport, with the server's answer.
 *
 * @param id the stable connection id
 * @param topic the topic
 * @param server where the new transport is connected
 * @param reply what the server answered
 */
record Resubscription(ConnectionId id, String topic, SocketAddress server, String reply) {
}
