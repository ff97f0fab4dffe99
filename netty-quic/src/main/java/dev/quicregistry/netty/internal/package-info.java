/**
 * What the binding's server and client share and users never call: the guards and the initializer
 * every stream's pipeline gets. Not exported in OSGi; no compatibility promise.
 */
package dev.quicregistry.netty.internal;
