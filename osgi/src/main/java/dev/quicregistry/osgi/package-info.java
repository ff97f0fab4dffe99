/**
 * The OSGi face of the registries, a bundle of its own (quic-registry-osgi) beside the impl bundle: Declarative Services components
 * that publish {@link dev.quicregistry.api.QuicServerRegistry} and
 * {@link dev.quicregistry.api.ConnectionRegistry} as services, register every {@code QuicServer}
 * service carrying {@code quic.server.name} (the server whiteboard), and deliver the events of both
 * registries to every {@code RegistryListener} service (the listener whiteboard).
 */
package dev.quicregistry.osgi;
