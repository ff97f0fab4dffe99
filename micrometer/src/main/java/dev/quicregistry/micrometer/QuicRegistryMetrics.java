package dev.quicregistry.micrometer;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.Registration;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.support.Arguments;
import dev.quicregistry.reconnect.ConnectionState;
import dev.quicregistry.reconnect.ReconnectingClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of quic-registry, for one server registry and one connection registry:
 * <ul>
 *   <li>{@code quic.servers.registered} (gauge): servers registered now;</li>
 *   <li>{@code quic.server.connections} (gauge, tag {@code server}): open connections of each server
 *       name registered since binding (0 while none of that name is registered: a name's gauge
 *       stays, so a server that comes and goes costs its writers no meter registration);</li>
 *   <li>{@code quic.registry.events} (counter, tag {@code type}): registry events by type;</li>
 *   <li>{@code quic.connections.replaced} (counter): transports replaced under a stable id;</li>
 *   <li>{@code quic.reconnect.attempts} (counter) and {@code quic.reconnect.duration} (timer, loss to
 *       the next connection) of the reconnecting clients given to {@link #track}.</li>
 * </ul>
 * Tags carry only bounded values: server names and event types, never connection ids or addresses.
 *
 * <p>Invariants: the registry listeners only increment counters (one per event type, made at
 * binding) and, for a name not seen before, add its gauge, so a registry writer pays a map lookup
 * and one atomic increment; gauges and {@code quic.connections.replaced} (the count of the
 * {@code ConnectionReplaced} events' counter) are read when scraped.
 * {@link #close()} detaches everything; the meters stay in the meter registry.
 */
public final class QuicRegistryMetrics implements MeterBinder, AutoCloseable {

    private final QuicServerRegistry servers;
    private final ConnectionRegistry connections;
    private final List<Registration> subscriptions = new ArrayList<>();
    private final Map<String, Gauge> serverGauges = new ConcurrentHashMap<>();
    private volatile Map<Class<?>, Counter> eventCounters = Map.of();
    private volatile MeterRegistry meters;
    private volatile Counter attempts;
    private volatile Timer reconnectDuration;

    /** Meters of {@code servers} and {@code connections}; nothing is measured before {@link #bindTo}. */
    public QuicRegistryMetrics(QuicServerRegistry servers, ConnectionRegistry connections) {
        this.servers = Arguments.notNull(servers, "servers");
        this.connections = Arguments.notNull(connections, "connections");
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Arguments.notNull(registry, "registry");
        if (meters != null) {
            throw new IllegalStateException("already bound to " + meters + "; make one QuicRegistryMetrics per meter registry");
        }
        meters = registry;
        Gauge.builder("quic.servers.registered", servers, registered -> registered.names().size())
                .description("QUIC servers registered now").register(registry);
        attempts = Counter.builder("quic.reconnect.attempts")
                .description("reconnection attempts of the tracked clients").register(registry);
        reconnectDuration = Timer.builder("quic.reconnect.duration")
                .description("from a tracked client's loss of its transport to its next connection").register(registry);
        Map<Class<?>, Counter> counters = new HashMap<>();
        for (Class<?> type : RegistryEvent.class.getPermittedSubclasses()) {
            counters.put(type, Counter.builder("quic.registry.events").description("registry events by type")
                    .tag("type", type.getSimpleName()).register(registry));
        }
        eventCounters = Map.copyOf(counters);
        // the count of ConnectionReplaced events under its own name: read when scraped, so a
        // replacement costs its writer one increment, not two
        FunctionCounter.builder("quic.connections.replaced", counters.get(ConnectionReplaced.class), Counter::count)
                .description("transports replaced under a stable connection id").register(registry);
        servers.names().forEach(this::addServerGauge);
        subscriptions.add(servers.addListener(this::onEvent));
        subscriptions.add(connections.addListener(this::onEvent));
    }

    /**
     * Counts {@code client}'s reconnection attempts and times each outage (loss to the next
     * connection), until the returned registration is closed or the client closes.
     */
    public Registration track(ReconnectingClient<?> client) {
        Arguments.notNull(client, "client");
        if (meters == null) {
            throw new IllegalStateException("bind to a meter registry first (bindTo)");
        }
        AtomicLong lostAt = new AtomicLong(-1);
        return client.addStateListener(state -> {
            if (state instanceof ConnectionState.Reconnecting) {
                attempts.increment();
                lostAt.compareAndSet(-1, meters.config().clock().monotonicTime());
            } else if (state instanceof ConnectionState.Connected) {
                long since = lostAt.getAndSet(-1);
                if (since >= 0) {
                    reconnectDuration.record(meters.config().clock().monotonicTime() - since, TimeUnit.NANOSECONDS);
                }
            }
        });
    }

    /** Stops following the registries (the meters stay, gauges of servers registered now too). Idempotent. */
    @Override
    public synchronized void close() {
        subscriptions.forEach(Registration::close);
        subscriptions.clear();
    }

    private void onEvent(RegistryEvent event) {
        Counter byType = eventCounters.get(event.getClass());
        if (byType != null) {
            byType.increment();
        }
        if (event instanceof ServerRegistered registered && !serverGauges.containsKey(registered.server().name())) {
            addServerGauge(registered.server().name());
        }
    }

    private void addServerGauge(String name) {
        serverGauges.computeIfAbsent(name, server -> Gauge.builder("quic.server.connections", servers,
                        registry -> registry.connections(server).map(List::size).orElse(0))
                .description("open connections of a QUIC server, 0 while none of its name is registered")
                .tag("server", server).register(meters));
    }
}
