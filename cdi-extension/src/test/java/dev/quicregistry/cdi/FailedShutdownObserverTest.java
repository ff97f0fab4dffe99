package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.testing.Ports;
import jakarta.enterprise.inject.se.SeContainer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shutdown when an application observer of the application context's end fails before the
 * extension's: Weld's behaviour, which the extension relies on. Weld only (the pom leaves it out of
 * the OpenWebBeans run): OpenWebBeans 4.0.3 ends the container at that failure without notifying
 * the extension of either event, so the servers there keep their ports - a gap docs/cdi.md states.
 */
class FailedShutdownObserverTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    @BeforeEach
    void reset() {
        ShutdownTest.UNREGISTERED.clear();
    }

    /**
     * Weld stops notifying that event's observers at the failure, then fires {@code BeforeShutdown}: the
     * extension stops the servers there. OpenWebBeans 4.0.3 ends the container at the failure without
     * notifying the extension of either event, so the servers keep their ports (reported, not tested here).
     */
    @Test
    void whereAnEarlierObserverOfTheApplicationContextsEndFailsTheServersAreStillStoppedAtShutdown() {
        config.loopback("a", "b", "c");
        SeContainer container = Containers.start(ShutdownTest.Servers.class, ShutdownTest.Watcher.class, ShutdownTest.FailingEndObserver.class);
        QuicServerRegistry registry = container.select(QuicServerRegistry.class).get();
        List<Integer> ports = registry.names().stream().map(name -> registry.port(name).orElseThrow()).toList();
        assertThat(ports).hasSize(3);

        catchThrowable(container::close); // Weld passes the observer's failure on; the test is about the servers

        assertThat(container.isRunning()).isFalse();
        assertThat(ports).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
        assertThat(ShutdownTest.UNREGISTERED).containsExactly("c", "b", "a");
    }

}
