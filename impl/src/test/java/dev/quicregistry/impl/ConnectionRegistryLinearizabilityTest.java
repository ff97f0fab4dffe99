package dev.quicregistry.impl;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that every concurrent history of {@link LocalConnectionRegistry}'s reads and
 * writes of one id (API.md promises linearizability per id) is linearizable against
 * {@link ConnectionRegistryModel}, API.md's rules written out plainly; a handle's {@code current()} is one of the reads. After
 * each history, every event must have been delivered: a listener that replays them agrees with the
 * registry, and an absent id leaves no cell behind.
 */
@Param(name = "transport", gen = IntGen.class, conf = "0:2")
public class ConnectionRegistryLinearizabilityTest {

    private static final ConnectionId ID = ConnectionId.of("feed");

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final ConnectionHandle<Object> handle = registry.handle(ID, Object.class);
    /** Three distinct transports; their index is what reads return. */
    private final List<Object> transports = List.of(new Object(), new Object(), new Object());
    /** The transport the delivered events say the id has now. */
    private final AtomicReference<Object> delivered = new AtomicReference<>();

    {
        registry.addListener(event -> {
            if (event instanceof ConnectionRegistered registered) {
                delivered.set(registered.transport());
            } else if (event instanceof ConnectionReplaced replaced) {
                delivered.set(replaced.current());
            } else if (event instanceof ConnectionUnregistered) {
                delivered.set(null);
            }
        });
    }

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

    /** Runs once a history's calls have all returned: no event is left undelivered, no cell left behind. */
    @Validate
    public void everyEventWasDeliveredAndNothingIsLeftBehind() {
        Object now = registry.transport(ID).orElse(null);
        if (delivered.get() != now) {
            throw new IllegalStateException("the registry shows transport " + transports.indexOf(now)
                    + " but its events said " + transports.indexOf(delivered.get()));
        }
        if (registry.cellsHeld() != (now == null ? 0 : 1)) {
            throw new IllegalStateException(registry.cellsHeld() + " cells held for transport " + transports.indexOf(now));
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(200).threads(2).actorsPerThread(3)
                .sequentialSpecification(ConnectionRegistryModel.class).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(10).invocationsPerIteration(1_000).threads(3).actorsPerThread(3)
                .sequentialSpecification(ConnectionRegistryModel.class).check(getClass());
    }
}
