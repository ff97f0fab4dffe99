package dev.quicregistry.netty.client;

import dev.quicregistry.api.QuicServerDirectory;
import dev.quicregistry.api.ServerEndpoint;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds a server by name in the cluster directory, so that a client follows its server from one
 * JVM to another. Where several JVMs publish the name, successive attempts take its endpoints in
 * turn, so an endpoint whose JVM just died (and has not left the directory yet) does not hold the
 * client. Reads only the directory's local cache.
 */
final class DirectoryLocator implements ServerLocator {

    private final QuicServerDirectory directory;
    private final String serverName;
    private final Optional<String> host;
    private final AtomicInteger attempts = new AtomicInteger();

    DirectoryLocator(QuicServerDirectory directory, String serverName, Optional<String> host) {
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
        this.serverName = Objects.requireNonNull(serverName, "serverName must not be null");
        this.host = Objects.requireNonNull(host, "host must not be null");
    }

    /** {@inheritDoc} Here: where the directory knows no endpoint of that name now. */
    @Override
    public InetSocketAddress locate() throws QuicServerNotFoundException, UnknownHostException {
        List<ServerEndpoint> endpoints = directory.endpoints(serverName);
        if (endpoints.isEmpty()) {
            throw new QuicServerNotFoundException(serverName, "no endpoint of QUIC server '" + serverName + "' in "
                    + directory + " (names known now: " + new TreeSet<>(directory.names()) + ")");
        }
        ServerEndpoint endpoint = endpoints.get(Math.floorMod(attempts.getAndIncrement(), endpoints.size()));
        String dialed = host.orElse(endpoint.host());
        InetSocketAddress address = new InetSocketAddress(dialed, endpoint.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("host '" + dialed + "' of QUIC server '" + serverName + "' does not resolve");
        }
        return address;
    }

    @Override
    public String toString() {
        return "QUIC server '" + serverName + "' in the directory" + host.map(h -> " at host " + h).orElse("");
    }
}
