package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.testing.TestServer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * The checker is not taken on trust: a registry with the upstream bug the real one is built to
 * avoid (a termination that checks its server is registered, then removes the name blindly,
 * instead of a compare-and-remove) must be caught by the same model checking.
 */
@Param(name = "server", gen = IntGen.class, conf = "0:1")
public class BlindRemovalIsCaughtTest {

    private static final String NAME = "alpha";

    /** Deliberately broken: check-then-remove on termination. */
    private final ConcurrentHashMap<String, TestServer> entries = new ConcurrentHashMap<>();
    private final List<TestServer> servers = List.of(TestServer.bound(4401), TestServer.bound(4402));

    @Operation
    public void register(@Param(name = "server") int server) {
        entries.put(NAME, servers.get(server));
    }

    @Operation(nonParallelGroup = "termination")
    public void terminate(@Param(name = "server") int server) {
        TestServer terminated = servers.get(server);
        if (entries.get(NAME) == terminated) {
            entries.remove(NAME); // the bug: may remove a replacement registered in between
        }
    }

    @Operation
    public int lookup() {
        TestServer now = entries.get(NAME);
        return now == null ? -1 : servers.indexOf(now);
    }

    @Test
    void modelCheckingFindsTheLateTerminationThatRemovesAReplacement() {
        assertThatThrownBy(() -> new ModelCheckingOptions().iterations(50).invocationsPerIteration(500).threads(2)
                .actorsPerThread(2).check(getClass()))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("Invalid execution results")
                .hasMessageContaining("entries.remove(\"alpha\")");
    }
}
