package dev.quicregistry.cdi;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.ServerNames;
import jakarta.enterprise.util.AnnotationLiteral;

/**
 * An instance of the {@link NamedQuicServer} qualifier, for firing server events and for
 * selecting one server's beans programmatically ({@code instance.select(NamedQuicServerLiteral.of("api"))}).
 */
public final class NamedQuicServerLiteral extends AnnotationLiteral<NamedQuicServer> implements NamedQuicServer {

    private final String value;

    private NamedQuicServerLiteral(String value) {
        this.value = ServerNames.requireValid(value);
    }

    /** The qualifier naming {@code name}, with the default port 0 (the port does not take part in matching). */
    public static NamedQuicServer of(String name) {
        return new NamedQuicServerLiteral(name);
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public int port() {
        return 0; // the annotation's default: the port takes no part in matching
    }
}
