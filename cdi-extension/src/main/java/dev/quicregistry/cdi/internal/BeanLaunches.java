package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServer;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanContainer;

/** Turns a server bean and its configuration into a {@link ServerLaunch}: one way for both extensions. */
public final class BeanLaunches {

    private BeanLaunches() {
    }

    /**
     * The launch of {@code bean} with {@code config}, whose server's documented options
     * {@code reader} looks up; the server is the bean's contextual instance, obtained at start.
     */
    public static ServerLaunch of(ServerConfig config, ServerConfigReader reader, BeanContainer beans, Bean<?> bean) {
        return new ServerLaunch(config.name(), config.settings(), () -> contextualInstance(beans, bean),
                keys -> reader.documentedOptions(config.name(), keys), config.drainTimeout());
    }

    /**
     * The server itself, not a client proxy: the registry holds it for the container's lifetime
     * (the bean is application-scoped or a singleton), its entry's {@code server()} is the
     * application's object, and a proxy would cost an indirection on every call.
     */
    @SuppressWarnings("unchecked")
    private static QuicServer contextualInstance(BeanContainer beans, Bean<?> bean) {
        Bean<Object> server = (Bean<Object>) bean;
        return (QuicServer) beans.getContext(server.getScope()).get(server, beans.createCreationalContext(server));
    }
}
