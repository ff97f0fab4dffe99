package dev.quicregistry.netty.client;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.ServerEndpoint;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Finds a server by name in the cluster directory, so that a client follows its server from one
 * JVM to another. Where several JVMs publish the name, successive attempts take its endpoints in
 * turn, so an endpoint whose JVM just died (and has not left the directory yet) does not hold the
 * client. An endpoint whose server sent the client away (it drains, and this JVM's view of the
 * directory may not show its withdrawal yet) is passed over for {@link #AVOID_FOR} where another
 * is listed. Reads only the directory's local cache.
 *
 * <p>Invariant: {@code avoided} holds at most {@link #MAX_AVOIDED} addresses (the oldest goes
 * first), each with the time it went away; it is touched under its own monitor only.
 */
final class DirectoryLocator implements ServerLocator {

    /** How long an endpoint that sent the client away is passed over. */
    static final Duration AVOID_FOR = Duration.ofSeconds(30);
    static final int MAX_AVOIDED = 16;

    private final QuicServerDirectory directory;
    private final String serverName;
    private final Optional<String> host;
    /** Nanoseconds of a monotonic clock: {@link System#nanoTime()} but in tests. */
    private final LongSupplier nanoClock;
    private final AtomicInteger attempts = new AtomicInteger();
    private final LinkedHashMap<InetSocketAddress, Long> avoided = new LinkedHashMap<>();

    DirectoryLocator(QuicServerDirectory directory, String serverName, Optional<String> host) {
        this(directory, serverName, host, System::nanoTime);
    }

    DirectoryLocator(QuicServerDirectory directory, String serverName, Optional<String> host, LongSupplier nanoClock) {
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
        this.serverName = Objects.requireNonNull(serverName, "serverName must not be null");
        this.host = Objects.requireNonNull(host, "host must not be null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock must not be null");
    }

    /** {@inheritDoc} Here: where the directory knows no endpoint of that name now. */
    @Override
    public InetSocketAddress locate() throws QuicServerNotFoundException, UnknownHostException {
        List<ServerEndpoint> endpoints = directory.endpoints(serverName);
        if (endpoints.isEmpty()) {
            throw new QuicServerNotFoundException(serverName, "no endpoint of QUIC server '" + serverName + "' in "
                    + directory + " (names known now: " + new TreeSet<>(directory.names()) + ")");
        }
        List<InetSocketAddress> preferred = withoutAvoided(endpoints.stream()
                .map(endpoint -> InetSocketAddress.createUnresolved(host.orElse(endpoint.host()), endpoint.port())).toList());
        InetSocketAddress chosen = preferred.get(Math.floorMod(attempts.getAndIncrement(), preferred.size()));
        InetSocketAddress address = new InetSocketAddress(chosen.getHostString(), chosen.getPort());
        if (address.isUnresolved()) {
            throw new UnknownHostException("host '" + chosen.getHostString() + "' of QUIC server '" + serverName
                    + "' does not resolve");
        }
        return address;
    }

    @Override
    public void wentAway(InetSocketAddress address) {
        InetSocketAddress dialed = InetSocketAddress.createUnresolved(address.getHostString(), address.getPort());
        synchronized (avoided) {
            avoided.remove(dialed);
            avoided.put(dialed, nanoClock.getAsLong());
            if (avoided.size() > MAX_AVOIDED) {
                avoided.remove(avoided.keySet().iterator().next());
            }
        }
    }

    /** The (unresolved) addresses not avoided now; all of them where every one is. */
    private List<InetSocketAddress> withoutAvoided(List<InetSocketAddress> addresses) {
        List<InetSocketAddress> preferred = new ArrayList<>(addresses.size());
        synchronized (avoided) {
            long now = nanoClock.getAsLong();
            avoided.values().removeIf(since -> now - since > AVOID_FOR.toNanos());
            for (InetSocketAddress address : addresses) {
                if (!avoided.containsKey(address)) {
                    preferred.add(address);
                }
            }
        }
        return preferred.isEmpty() ? addresses : preferred;
    }

    @Override
    public String toString() {
        return "QUIC server '" + serverName + "' in the directory" + host.map(h -> " at host " + h).orElse("");
    }
}
