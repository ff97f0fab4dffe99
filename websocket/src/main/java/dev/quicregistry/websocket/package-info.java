/**
 * A reconnecting WebSocket client on {@code java.net.http.WebSocket}:
 * {@link dev.quicregistry.websocket.ReconnectingWebSocket} keeps one connection id registered while
 * it replaces lost sockets, queues what is sent meanwhile and delivers it in order once reconnected.
 * In OSGi this package is exported with the version below.
 */
@Export
@Version("1.0.0")
package dev.quicregistry.websocket;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
