package dev.quicregistry.osgi;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server whiteboard: registers each {@code QuicServer} service under its
 * {@code quic.server.name} while the service is there, and unregisters it when the service goes;
 * or, where the service has {@code quic.server.drain-timeout}, drains it then
 * ({@link QuicServerRegistry#drain}: it stops taking new work, its accepted work runs for at most
 * that long, then it closes and its entry goes). A drain holds this whiteboard until it ends, so
 * the next claim of the name is registered only once the drained entry is gone.
 *
 * <p>One name, one service: a second service claiming a taken name is refused (logged as an error
 * naming both) and waits; when the holder goes away, the waiting claim with the lowest
 * {@code service.id} (the one waiting longest) takes the name over, so what is registered depends
 * only on which services are there, not on the order in which others came and went.
 *
 * <p>Invariants, all kept under this object's monitor (so the registry sees the changes in the
 * order they were decided; listener code may call back here on the same thread):
 * <ul>
 *   <li>{@code claims} holds every service with valid properties that is there now, by service id;
 *       a service with bad properties is logged once and never enters it.</li>
 *   <li>{@code holders} maps a name to the id of the one claim registered under it; every other
 *       claim of that name is waiting.</li>
 *   <li>A holder's entry is unregistered (or drained) only while the registry still maps the name
 *       to the holder's server: an entry that someone replaced through the registry is left alone.</li>
 *   <li>After {@link #close()} nothing is held and nothing is registered any more.</li>
 * </ul>
 */
final class ServerWhiteboard {

    private static final System.Logger LOG = System.getLogger(ServerWhiteboard.class.getName());

    private final QuicServerRegistry registry;
    private final Map<Long, Claim> claims = new HashMap<>();
    private final Map<String, Long> holders = new HashMap<>();
    private boolean closed;

    ServerWhiteboard(QuicServerRegistry registry) {
        this.registry = registry;
    }

    /** A service appeared: register it, or refuse it while its name is held. */
    synchronized void added(ServerService service) {
        if (closed) {
            return;
        }
        ServerServiceProperties properties;
        try {
            properties = ServerServiceProperties.parse(service.properties());
        } catch (IllegalArgumentException badProperty) {
            LOG.log(Level.ERROR, () -> service + " is ignored: " + badProperty.getMessage());
            return;
        }
        Claim claim = new Claim(service, properties);
        claims.put(service.serviceId(), claim);
        Long holder = holders.get(properties.name());
        if (holder != null) {
            LOG.log(Level.ERROR, () -> service + " is refused: " + ServerServiceProperties.NAME + "=" + properties.name()
                    + " is already registered by " + claims.get(holder).service
                    + "; it waits and takes the name over if that service goes away");
            return;
        }
        hold(claim);
    }

    /**
     * A service's properties changed: it is handled as gone and come again, but its server is only
     * unregistered, never drained (it stays in use).
     */
    synchronized void modified(ServerService service) {
        release(service.serviceId(), false);
        added(service);
    }

    /**
     * A service went away: unregister it (drain it, where it has a drain timeout) if it held its
     * name, and let the longest-waiting claim take over.
     */
    synchronized void removed(long serviceId) {
        release(serviceId, true);
    }

    private void release(long serviceId, boolean serviceGone) {
        Claim claim = claims.remove(serviceId);
        if (claim == null) {
            return;
        }
        String name = claim.properties.name();
        if (!holders.remove(name, serviceId)) {
            return;
        }
        if (serviceGone && claim.properties.drainTimeout().isPresent()) {
            drain(claim, claim.properties.drainTimeout().get());
        }
        registry.unregister(name, claim.service.server());
        waitingFor(name).ifPresent(next -> {
            LOG.log(Level.INFO, () -> next.service + " takes over " + ServerServiceProperties.NAME + "=" + name
                    + " from " + claim.service + ", which went away");
            hold(next);
        });
    }

    /** Forgets every claim; later calls change nothing. The owner unregisters what is in the registry. */
    synchronized void close() {
        closed = true;
        claims.clear();
        holders.clear();
    }

    /**
     * Drains the claim's server through the registry while the entry is its own (listeners see
     * {@code ServerDraining}, then {@code ServerUnregistered} with reason {@code DRAINED}); an entry
     * someone replaced through the registry is left alone and the server is drained by itself.
     * Where the drain fails, the server is closed.
     */
    private void drain(Claim claim, Duration timeout) {
        String name = claim.properties.name();
        QuicServer server = claim.service.server();
        LOG.log(Level.INFO, () -> claim.service + " went away: draining " + ServerServiceProperties.NAME + "=" + name
                + " for at most " + timeout);
        try {
            if (registry.lookup(name).map(ServerInfo::server).filter(registered -> registered == server).isPresent()) {
                registry.drain(name, timeout);
            } else {
                server.drain(timeout);
            }
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, () -> "draining " + ServerServiceProperties.NAME + "=" + name + " of " + claim.service
                    + " failed; closing it", failure);
            try {
                server.close();
            } catch (RuntimeException closeFailure) {
                LOG.log(Level.ERROR, () -> "closing " + ServerServiceProperties.NAME + "=" + name + " of " + claim.service
                        + " failed", closeFailure);
            }
        }
    }

    private void hold(Claim claim) {
        ServerServiceProperties properties = claim.properties;
        QuicServer server = claim.service.server();
        try {
            registry.register(properties.name(), server, properties.port(), properties.options());
        } catch (RuntimeException refused) {
            claims.remove(claim.service.serviceId());
            LOG.log(Level.ERROR, () -> claim.service + " could not be registered as " + properties.name() + ": " + refused, refused);
            return;
        }
        holders.put(properties.name(), claim.service.serviceId());
    }

    private Optional<Claim> waitingFor(String name) {
        return claims.values().stream()
                .filter(claim -> claim.properties.name().equals(name))
                .min(Comparator.comparingLong(claim -> claim.service.serviceId()));
    }

    /** A service with valid whiteboard properties, registered or waiting for its name. */
    private record Claim(ServerService service, ServerServiceProperties properties) {
    }
}
