package dev.quicregistry.impl;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that every concurrent history of {@link LocalConnectionRegistry}'s reads and
 * writes of one id (API.md promises linearizability per id) is linearizable, this class run
 * sequentially being the specification; a handle's {@code current()} is one of the reads.
 */
@Param(name = "transport", gen = IntGen.class, conf = "0:2")
public class ConnectionRegistryLinearizabilityTest {

    private static final ConnectionId ID = ConnectionId.of("feed");

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final ConnectionHandle<Object> handle = registry.handle(ID, Object.class);
    /** Three distinct transports; their index is what reads return. */
    private final List<Object> transports = List.of(new Object(), new Object(), new Object());

    @Operation
    public void register(@Param(name = "transport") int transport) {
        registry.register(ID, transports.get(transport));
    }

    @Operation
    public void unregister() {
        registry.unregister(ID);
    }

    @Operation
    public boolean unregisterOwned(@Param(name = "transport") int transport) {
        return registry.unregister(ID, transports.get(transport));
    }

    @Operation
    public boolean replaceTransport(@Param(name = "transport") int transport) {
        return registry.replaceTransport(ID, transports.get(transport));
    }

    @Operation
    public int transport() {
        return registry.transport(ID).map(transports::indexOf).orElse(-1);
    }

    @Operation
    public int current() {
        return handle.current().map(transports::indexOf).orElse(-1);
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
