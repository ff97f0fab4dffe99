/** The application the WildFly test deploys: its classes are packed into a WAR with quic-registry's jars. */
package dev.quicregistry.wildfly.app;
