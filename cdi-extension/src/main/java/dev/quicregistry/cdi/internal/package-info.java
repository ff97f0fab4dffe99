/**
 * How quic-registry runs under CDI: the lifecycle bean both extensions add, configuration reading,
 * start and stop, the event bridge. Internal: not part of the API, and not exported in OSGi; its
 * classes are public only so that the extensions in {@code dev.quicregistry.cdi} and the
 * container's generated code can reach them.
 */
package dev.quicregistry.cdi.internal;
