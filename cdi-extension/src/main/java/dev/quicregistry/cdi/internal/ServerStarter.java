package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.InvalidOptionException;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.cdi.ConfigKeys;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts servers in name order, registers each under its name with the port it really bound, and
 * stops them in reverse order: each is closed, or, where its launch has a drain timeout, drained
 * through the registry ({@link QuicServerRegistry#drain}) for at most that long. All or nothing:
 * where one fails to start, those started before it are closed and unregistered again, so no port
 * stays bound. Knows nothing of CDI.
 *
 * <p>Invariant: {@code running} holds exactly the servers this starter started and has not stopped,
 * in start order; it is only touched while holding this object's monitor.
 */
public final class ServerStarter {

    /** The option under which the registry entry keeps the port configuration asked for. */
    public static final String CONFIGURED_PORT = "configured-port";

    private static final System.Logger LOG = System.getLogger(ServerStarter.class.getName());

    private final QuicServerRegistry registry;
    private final PortPublisher ports;
    private final Deque<Running> running = new ArrayDeque<>();

    public ServerStarter(QuicServerRegistry registry, PortPublisher ports) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.ports = Objects.requireNonNull(ports, "ports must not be null");
    }

    /**
     * Starts and registers every server, in name order.
     *
     * @throws ServerStartException where one failed with an exception; then none of {@code launches} is
     *         running or registered
     * @throws Error the original error, where a server's bean or {@code start()} threw one; none is running then either
     */
    public synchronized void startAll(List<ServerLaunch> launches) throws ServerStartException {
        List<ServerLaunch> inOrder = launches.stream().sorted(Comparator.comparing(ServerLaunch::name)).toList();
        for (ServerLaunch launch : inOrder) {
            try {
                running.push(start(launch));
            } catch (ServerStartException | Error failure) {
                stopAll();
                throw failure;
            }
        }
    }

    /**
     * Stops and unregisters every started server, in reverse start order: closes it, or drains it
     * where its launch has a drain timeout (one after the other: each drain returns once its server
     * terminated). Idempotent.
     */
    public synchronized void stopAll() {
        for (Running server; (server = running.poll()) != null; ) {
            stop(server);
        }
    }

    /** The names of the servers running now, in start order. */
    public synchronized List<String> runningNames() {
        List<String> names = new ArrayList<>(running.size());
        running.descendingIterator().forEachRemaining(server -> names.add(server.name()));
        return List.copyOf(names);
    }

    private Running start(ServerLaunch launch) throws ServerStartException {
        QuicServer server;
        try {
            server = Objects.requireNonNull(launch.server().get(), "the server bean is null");
        } catch (RuntimeException e) { // an Error goes up as it is
            throw new ServerStartException("QUIC server '" + launch.name() + "' (for " + launch.endpoint()
                    + ") could not be created: " + e, e);
        }
        ServerSettings settings;
        try {
            settings = launch.settingsFor(server);
        } catch (RuntimeException e) {
            throw new ServerStartException("QUIC server '" + launch.name() + "' (for " + launch.endpoint()
                    + ") could not be configured: " + e, e);
        }
        try {
            server.start(settings);
            int bound = server.boundPort();
            if (bound < 1 || bound > 65535) {
                throw new IllegalStateException("start() returned, but boundPort() is " + bound + " (expected 1..65535)");
            }
            Map<String, Object> options = new LinkedHashMap<>(settings.options());
            options.put(CONFIGURED_PORT, settings.port());
            // published first: an observer of the ServerRegistered that register() fires reads it
            ports.publish(launch.name(), bound);
            // the server got its secrets (key-password) with the settings; the registry's entry, which
            // every bean and listener can read, holds them masked (ServerInfo masks them)
            registry.register(launch.name(), server, bound, options);
            LOG.log(Level.INFO, () -> "started QUIC server '" + launch.name() + "' on "
                    + settings.host() + ":" + bound);
            return new Running(launch.name(), server, launch.drainTimeout());
        } catch (Exception | Error e) {
            closeQuietly(launch.name(), server, e);
            registry.unregister(launch.name(), server);
            ports.withdraw(launch.name());
            if (e instanceof Error error) {
                throw error;
            }
            // an option's error names the configuration key its value came from
            String cause = e instanceof InvalidOptionException invalid
                    ? ConfigKeys.server(launch.name(), invalid.option()) + ": " + e.getMessage() : e.toString();
            throw new ServerStartException("QUIC server '" + launch.name() + "' failed to start on "
                    + launch.endpoint() + ": " + cause, e);
        }
    }

    private void stop(Running running) {
        // close() and drain() return once termination() settled, so the registry has removed the entry by itself,
        // and only if the name still maps to this server. The unregister covers a server that breaks that promise.
        if (running.drainTimeout().isZero()) {
            closeQuietly(running.name(), running.server(), null);
        } else {
            drainQuietly(running);
        }
        registry.unregister(running.name(), running.server());
        ports.withdraw(running.name());
        LOG.log(Level.INFO, () -> "stopped QUIC server '" + running.name() + "'");
    }

    /**
     * Drains the server through the registry while its entry is this server's (listeners see
     * {@code ServerDraining}, then {@code ServerUnregistered} with reason {@code DRAINED}); an entry
     * someone replaced through the registry is left alone, and the server is drained by itself. Where
     * the drain fails, the server is closed.
     */
    private void drainQuietly(Running running) {
        LOG.log(Level.INFO, () -> "draining QUIC server '" + running.name() + "' for at most " + running.drainTimeout());
        try {
            boolean registered = registry.lookup(running.name()).map(ServerInfo::server)
                    .filter(server -> server == running.server()).isPresent();
            if (registered) {
                registry.drain(running.name(), running.drainTimeout());
            } else {
                running.server().drain(running.drainTimeout());
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, () -> "draining QUIC server '" + running.name() + "' failed; closing it", e);
            closeQuietly(running.name(), running.server(), null);
        }
    }

    private static void closeQuietly(String name, QuicServer server, Throwable startFailure) {
        try {
            server.close();
        } catch (RuntimeException | Error e) {
            if (startFailure != null) {
                startFailure.addSuppressed(e);
            } else {
                LOG.log(Level.WARNING, () -> "closing QUIC server '" + name + "' failed", e);
            }
        }
    }

    /** A server this starter started, and how long it may drain when stopped (zero: closed at once). */
    private record Running(String name, QuicServer server, Duration drainTimeout) {
    }
}
