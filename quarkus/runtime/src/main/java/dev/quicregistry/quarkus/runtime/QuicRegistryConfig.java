package dev.quicregistry.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.util.Map;
import java.util.Optional;

/**
 * quic-registry's configuration as Quarkus documents it ({@code quic.server.*} and
 * {@code quic.registry.*}): the keys of {@code dev.quicregistry.cdi.ConfigKeys}, which the
 * component reads itself when the application starts, with its own checks and messages. So every
 * value here is text: a bad port is the component's error ("is not a port (0..65535)"), not a
 * conversion error of Quarkus'.
 */
@ConfigMapping(prefix = "quic")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface QuicRegistryConfig {

    /** The named servers: {@code quic.server.<name>.*}, one group per {@code @NamedQuicServer} name. */
    @WithName("server")
    Map<String, Server> servers();

    /** The registry's own settings. */
    Registry registry();

    /** One named server. */
    interface Server {

        /** The host or address the server binds; default {@code 0.0.0.0}. */
        Optional<String> host();

        /** The UDP port (0..65535, 0: any free one); overrides {@code @NamedQuicServer(port = ...)}. */
        Optional<String> port();

        /** {@code false} keeps the server from starting; default {@code true}. */
        Optional<String> enabled();

        /**
         * At shutdown, drain the server for at most this long instead of closing it (a duration:
         * {@code 30s}, {@code PT0.5S}, {@code 500ms}); default {@code PT0S}, close at once.
         */
        @WithName("drain-timeout")
        Optional<String> drainTimeout();

        /**
         * Every other key of the server is an option handed to it when it starts: the Netty
         * binding's are {@code alpn}, {@code cert}, {@code key}, {@code key-password} (a secret),
         * {@code idle-timeout}, {@code max-connections}, ... (docs/netty-quic.md). The extension
         * also writes {@code bound-port} here: the port the server bound, while it runs.
         */
        @WithParentName
        Map<String, String> options();
    }

    /** The registry's settings. */
    interface Registry {

        /** The cluster directory on ZooKeeper: off unless {@code connect} is set. */
        ZooKeeper zookeeper();
    }

    /** The cluster directory ({@code quic-registry-zookeeper} on the class path). */
    interface ZooKeeper {

        /** The ZooKeeper connect string ({@code host:port,...}); setting it turns the directory on. */
        Optional<String> connect();

        /** The znode below which the directory publishes; default {@code /quic-registry}. */
        @WithName("base-path")
        Optional<String> basePath();

        /** The ZooKeeper session timeout asked for, a duration such as {@code 30s}. */
        @WithName("session-timeout")
        Optional<String> sessionTimeout();

        /** The host published for servers bound to a wildcard address. */
        @WithName("advertised-host")
        Optional<String> advertisedHost();

        /** The scheme of the directory's ZooKeeper authorization, e.g. {@code digest}; needs {@code auth}. */
        @WithName("auth-scheme")
        Optional<String> authScheme();

        /** The credentials of that authorization, e.g. {@code app:secret} for digest: a secret, never logged. */
        Optional<String> auth();

        /** Server options published as endpoint attributes besides {@code alpn} (comma-separated keys). */
        Optional<String> attributes();
    }
}
