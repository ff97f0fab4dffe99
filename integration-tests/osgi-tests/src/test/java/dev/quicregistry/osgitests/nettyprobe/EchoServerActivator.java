package dev.quicregistry.osgitests.nettyprobe;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.netty.StreamHandlers;
import dev.quicregistry.netty.server.NettyQuicServer;
import dev.quicregistry.netty.server.ServerOptions;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What an application bundle does with the Netty binding: on start it builds a real echo
 * {@link NettyQuicServer}, starts it on 127.0.0.1 with an ephemeral port and registers it as a
 * {@link QuicServer} service named {@value #NAME}; on stop it takes the service away and closes the
 * server. The certificate's PEM files are named by the framework properties {@value #CERT} and
 * {@value #KEY}.
 */
public final class EchoServerActivator implements BundleActivator {

    /** The server's name in the registry. */
    public static final String NAME = "beta";
    /** The application protocol the server speaks. */
    public static final String ALPN = "test";
    /** Framework property: the path of the PEM certificate chain. */
    public static final String CERT = "quicregistry.probe.cert";
    /** Framework property: the path of the PEM PKCS#8 private key. */
    public static final String KEY = "quicregistry.probe.key";

    private NettyQuicServer server;
    private ServiceRegistration<QuicServer> registration;

    @Override
    public void start(BundleContext context) throws Exception {
        NettyQuicServer started = NettyQuicServer.builder()
                .streamHandler(StreamHandlers.echo())
                .alpn(ALPN)
                .build();
        started.start(new ServerSettings("127.0.0.1", 0, Map.of(
                ServerOptions.CERT, required(context, CERT),
                ServerOptions.KEY, required(context, KEY))));
        try {
            registration = context.registerService(QuicServer.class, started, new Hashtable<>(Map.of("quic.server.name", NAME)));
        } catch (RuntimeException refused) {
            started.close();
            throw refused;
        }
        server = started;
    }

    @Override
    public void stop(BundleContext context) {
        try {
            registration.unregister();
        } finally {
            server.close();
        }
    }

    private static String required(BundleContext context, String property) {
        String value = context.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("framework property " + property + " is not set: expected the path of a PEM file");
        }
        return value;
    }
}
