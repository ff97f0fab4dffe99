package dev.quicregistry.cdi.internal;

/**
 * A bean found to be a server: it has the qualifier {@code @NamedQuicServer} and the bean type
 * {@code QuicServer}.
 *
 * @param name the server's name, from the qualifier
 * @param defaultPort the qualifier's port, used where configuration names none
 * @param description how error messages name the bean (e.g. {@code producer method Servers.api()})
 */
public record ServerBean(String name, int defaultPort, String description) {
}
