package dev.quicregistry.netty.client;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import java.lang.ref.WeakReference;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Finds where to dial a server by its registry name, afresh on every call: the port is the
 * registry's ({@link QuicServerRegistry#port}); the host is the one the user gave, or else the
 * address the server is bound to, where a wildcard (0.0.0.0, ::) is dialed at loopback of the
 * same family, since the registry only knows servers of this JVM.
 */
final class RegistryLocator implements ServerLocator {

    private final QuicServerRegistry servers;
    private final String serverName;
    private final Optional<String> host;
    /** The server that sent the client away, weakly: not dialed again while it holds the name. */
    private volatile WeakReference<QuicServer> goneAway = new WeakReference<>(null);

    RegistryLocator(QuicServerRegistry servers, String serverName, Optional<String> host) {
        this.servers = Objects.requireNonNull(servers, "servers must not be null");
        this.serverName = Objects.requireNonNull(serverName, "serverName must not be null");
        this.host = Objects.requireNonNull(host, "host must not be null");
    }

    /** {@inheritDoc} Here: where no server of that name is registered, it drains, or its port is not known yet. */
    @Override
    public InetSocketAddress locate() throws QuicServerNotFoundException, UnknownHostException {
        QuicServer wentAway = goneAway.get();
        if (servers.isDraining(serverName) || wentAway != null && servers.lookup(serverName).map(ServerInfo::server)
                .filter(server -> server == wentAway).isPresent()) {
            throw new QuicServerNotFoundException(serverName, "QUIC server '" + serverName + "' is draining; waiting for"
                    + " the server registered under the name next");
        }
        OptionalInt port = servers.port(serverName);
        if (port.isEmpty()) {
            if (servers.lookup(serverName).isEmpty()) {
                throw new QuicServerNotFoundException(serverName, "no QUIC server named '" + serverName
                        + "' is registered (registered now: " + new TreeSet<>(servers.names()) + ")");
            }
            throw new QuicServerNotFoundException(serverName, "QUIC server '" + serverName
                    + "' is registered but its port is not known yet");
        }
        if (host.isPresent()) {
            InetSocketAddress given = new InetSocketAddress(host.get(), port.getAsInt());
            if (given.isUnresolved()) {
                throw new UnknownHostException("host '" + host.get() + "' given for QUIC server '" + serverName
                        + "' does not resolve");
            }
            return given;
        }
        InetAddress address = servers.localAddress(serverName)
                .map(InetSocketAddress::getAddress)
                .map(RegistryLocator::dialable)
                .orElseGet(InetAddress::getLoopbackAddress);
        return new InetSocketAddress(address, port.getAsInt());
    }

    /**
     * Notes the server registered under the name now, if it listens on {@code address}'s port: it
     * is not dialed again (a registry holds one server per name: the client waits for the next).
     */
    @Override
    public void wentAway(InetSocketAddress address) {
        // the entry's stored port, not the server's live one: the server may have closed its socket already
        servers.lookup(serverName).filter(entry -> entry.port() == address.getPort())
                .ifPresent(entry -> goneAway = new WeakReference<>(entry.server()));
    }

    /** A bound address as something to dial: the wildcard is no destination, loopback is. */
    static InetAddress dialable(InetAddress bound) {
        if (!bound.isAnyLocalAddress()) {
            return bound;
        }
        try {
            return bound instanceof Inet6Address
                    ? InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
                    : InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only for a byte array of a wrong length
        }
    }

    @Override
    public String toString() {
        return "QUIC server '" + serverName + "'" + host.map(h -> " at host " + h).orElse("");
    }
}
