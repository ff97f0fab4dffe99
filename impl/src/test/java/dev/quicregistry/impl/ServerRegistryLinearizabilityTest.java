package dev.quicregistry.impl;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that every concurrent history of {@link LocalQuicServerRegistry}'s reads and
 * writes of one name, a server's termination arriving concurrently among them, is linearizable:
 * explained by some order of the same operations run one at a time (against
 * {@link ServerRegistryModel}, API.md's rules written out plainly). One name, because API.md promises linearizability per name: a read of several
 * names ({@code names()}) is a weakly consistent snapshot, and a server registered under two names
 * leaves them one after the other when it terminates. Model checking explores the interleavings at
 * every shared-memory access; stress runs them on real threads. After each history, every event
 * must have been delivered: a listener that replays them agrees with the registry, and an absent
 * name leaves no slot behind.
 */
@Param(name = "server", gen = IntGen.class, conf = "0:2")
public class ServerRegistryLinearizabilityTest {

    private static final String NAME = "alpha";

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    /** Three servers that operations register and terminate; their index is what reads return. */
    private final List<TestServer> servers = List.of(TestServer.bound(4401), TestServer.bound(4402), TestServer.bound(4403));
    /** A server whose termination completed before any operation ran. */
    private final TestServer stopped = TestServer.bound(4404);
    /** The entry the delivered events say the name has now. */
    private final AtomicReference<ServerInfo> delivered = new AtomicReference<>();

    {
        stopped.terminate();
        registry.addListener(event -> {
            if (event instanceof ServerRegistered registered) {
                delivered.set(registered.server());
            } else if (event instanceof ServerUnregistered) {
                delivered.set(null);
            } else if (event instanceof ServerPortResolved resolved) {
                delivered.set(delivered.get().withPort(resolved.port()));
            }
        });
    }

    @Operation
    public void register(@Param(name = "server") int server) {
        registry.register(NAME, servers.get(server), 0, Map.of());
    }

    /**
     * Registers a server that has already stopped: registered and gone in one step, its two
     * events offered in one critical section (between them another thread's delivery may end).
     */
    @Operation
    public void registerStopped() {
        registry.register(NAME, stopped, 0, Map.of());
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

    /** Runs once a history's calls have all returned: no event is left undelivered, no slot left behind. */
    @Validate
    public void everyEventWasDeliveredAndNothingIsLeftBehind() {
        ServerInfo now = registry.lookup(NAME).orElse(null);
        ServerInfo seen = delivered.get();
        if (now == null ? seen != null : seen == null || seen.server() != now.server() || seen.port() != now.port()) {
            throw new IllegalStateException("the registry shows " + now + " but its events said " + seen);
        }
        if (registry.slotsHeld() != (now == null ? 0 : 1)) {
            throw new IllegalStateException(registry.slotsHeld() + " slots held for " + now);
        }
    }

    private int indexOf(QuicServer server) {
        return servers.indexOf(server);
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(200).threads(2).actorsPerThread(3)
                .sequentialSpecification(ServerRegistryModel.class).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(10).invocationsPerIteration(1_000).threads(3).actorsPerThread(3)
                .sequentialSpecification(ServerRegistryModel.class).check(getClass());
    }
}
