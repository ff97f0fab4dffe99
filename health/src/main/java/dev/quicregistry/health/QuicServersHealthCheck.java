package dev.quicregistry.health;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code quic-servers}: UP with each registered server's port and open connections
 * ({@code <name>.port}, {@code <name>.connections}) while no server terminated on its own; DOWN,
 * naming each such server and its cause ({@code <name>.failed}), once one did, until a server of that
 * name is registered again. A server closed on purpose (its termination completes normally) is no failure.
 * DOWN, with {@code <name>.draining=true}, while a server drains ({@link ServerDraining}, from
 * {@code QuicServerRegistry.drain}), so that an orchestrator stops routing to the instance; its entry
 * leaving (its {@link ServerUnregistered}) ends that.
 *
 * <p>Invariants: {@code failed} holds at most one entry per server name; {@code draining} maps a
 * name to the server that drains under it, from its {@code ServerDraining} until that server's entry
 * is removed. Both are written by the registry's event observers on the thread that changed the
 * registry and read by {@link #call()}.
 */
@Readiness
@ApplicationScoped
public class QuicServersHealthCheck implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "quic-servers";

    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final Map<String, QuicServer> draining = new ConcurrentHashMap<>();

    @Inject
    QuicServerRegistry servers;

    /** Created by the container. */
    public QuicServersHealthCheck() {
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        for (String name : servers.names().stream().sorted().toList()) {
            servers.lookup(name).ifPresent(info -> {
                response.withData(name + ".port", servers.port(name).orElse(info.port()));
                response.withData(name + ".connections", servers.connections(name).map(List::size).orElse(0));
            });
        }
        new TreeMap<>(failed).forEach((name, cause) -> response.withData(name + ".failed", cause));
        Map<String, QuicServer> drainingNow = new TreeMap<>(draining);
        drainingNow.keySet().forEach(name -> response.withData(name + ".draining", true));
        return response.status(failed.isEmpty() && drainingNow.isEmpty()).build();
    }

    void draining(@Observes ServerDraining event) {
        draining.put(event.server().name(), event.server().server());
    }

    void registered(@Observes ServerRegistered event) {
        failed.remove(event.server().name());
    }

    void unregistered(@Observes ServerUnregistered event) {
        // only the server that drains: the removal of another one under its name ends nothing
        draining.remove(event.server().name(), event.server().server());
        if (event.reason() == ServerUnregistered.Reason.TERMINATED) {
            failure(event.server()).ifPresent(cause -> failed.put(event.server().name(), cause));
        }
    }

    /** Why the server terminated, where it did so on its own (its termination completed exceptionally). */
    private static Optional<String> failure(ServerInfo server) {
        CompletableFuture<Void> termination = server.server().termination().toCompletableFuture();
        if (!termination.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            termination.join();
            return Optional.empty();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of("terminated on its own: " + cause);
        } catch (RuntimeException e) {
            return Optional.of("terminated on its own: " + e);
        }
    }
}
