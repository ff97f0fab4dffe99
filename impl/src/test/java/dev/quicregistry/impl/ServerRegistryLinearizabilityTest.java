package dev.quicregistry.impl;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that every concurrent history of {@link LocalQuicServerRegistry}'s reads and
 * writes of one name, a server's termination arriving concurrently among them, is linearizable:
 * explained by some order of the same operations run one at a time (this class run sequentially is
 * the specification). One name, because API.md promises linearizability per name: a read of several
 * names ({@code names()}) is a weakly consistent snapshot, and a server registered under two names
 * leaves them one after the other when it terminates. Model checking explores the interleavings at
 * every shared-memory access; stress runs them on real threads.
 */
@Param(name = "server", gen = IntGen.class, conf = "0:2")
public class ServerRegistryLinearizabilityTest {

    private static final String NAME = "alpha";

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    /** Three servers that operations register and terminate; their index is what reads return. */
    private final List<TestServer> servers = List.of(TestServer.bound(4401), TestServer.bound(4402), TestServer.bound(4403));

    @Operation
    public void register(@Param(name = "server") int server) {
        registry.register(NAME, servers.get(server), 0, Map.of());
    }

    @Operation
    public void unregister() {
        registry.unregister(NAME);
    }

    @Operation
    public boolean unregisterOwned(@Param(name = "server") int server) {
        return registry.unregister(NAME, servers.get(server));
    }

    @Operation
    public int lookup() {
        return registry.lookup(NAME).map(ServerInfo::server).map(this::indexOf).orElse(-1);
    }

    @Operation
    public int port() {
        return registry.port(NAME).orElse(-1);
    }

    @Operation
    public boolean updatePort() {
        return registry.updatePort(NAME, 5000);
    }

    /**
     * The server stops by itself: its termination arrives among the other operations. A server's
     * termination completes on one thread (a second completion returns at once without waiting for
     * the first to settle), so terminations are not run in parallel with each other.
     */
    @Operation(nonParallelGroup = "termination")
    public void terminate(@Param(name = "server") int server) {
        servers.get(server).terminate();
    }

    private int indexOf(QuicServer server) {
        return servers.indexOf(server);
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(200).threads(2).actorsPerThread(3)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(10).invocationsPerIteration(1_000).threads(3).actorsPerThread(3)
                .check(getClass());
    }
}
