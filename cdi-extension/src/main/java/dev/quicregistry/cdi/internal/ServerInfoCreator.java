package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

/** Creates the CDI Lite {@code @NamedQuicServer(name) ServerInfo} beans: the registry's entry of that name now. */
public class ServerInfoCreator implements SyntheticBeanCreator<ServerInfo> {

    /** The parameter that holds the server's name. */
    public static final String NAME = "name";

    /** Created by the container. */
    public ServerInfoCreator() {
    }

    @Override
    public ServerInfo create(Instance<Object> lookup, Parameters parameters) {
        String name = parameters.get(NAME, String.class);
        return lookup.select(QuicServerRegistry.class).get().lookup(name).orElseThrow(() -> new IllegalStateException(
                "QUIC server '" + name + "' is not registered now (it is disabled, stopped or was unregistered)"));
    }
}
