package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Container shutdown closes every server in reverse start order, frees the ports, and observers still see it. */
class ShutdownTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    static final List<String> UNREGISTERED = new CopyOnWriteArrayList<>();

    @ApplicationScoped
    static class Servers {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("a")
        QuicServer a() {
            return new UdpTestServer();
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("b")
        QuicServer b() {
            return new UdpTestServer();
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("c")
        QuicServer c() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    static class Watcher {
        void unregistered(@Observes ServerUnregistered event) {
            UNREGISTERED.add(event.server().name());
        }
    }

    /** Sees what still runs when the application context is about to end, after the extension's observer of that event. */
    @ApplicationScoped
    static class LateEndObserver {
        static final List<String> RUNNING = new CopyOnWriteArrayList<>();

        void applicationEnds(@Observes @BeforeDestroyed(ApplicationScoped.class)
                             @Priority(Interceptor.Priority.APPLICATION + 1000) Object event, QuicServerRegistry registry) {
            RUNNING.add(registry.names().toString());
        }
    }

    /** An application observer of the application context's end that runs before the extension's (default priority) and fails. */
    @ApplicationScoped
    static class FailingEndObserver {
        void applicationEnds(@Observes @BeforeDestroyed(ApplicationScoped.class) @Priority(Interceptor.Priority.APPLICATION)
                             Object event) {
            throw new IllegalStateException("an application observer fails at shutdown");
        }
    }

    @BeforeEach
    void reset() {
        UNREGISTERED.clear();
        LateEndObserver.RUNNING.clear();
    }

    @Test
    void shutdownClosesEveryServerInReverseOrderFreesThePortsAndObserversSeeServerUnregistered() {
        config.loopback("a", "b", "c");
        QuicRegistryExtension extension = new QuicRegistryExtension();
        Map<String, Integer> ports;
        try (SeContainer container = Containers.start(extension, Servers.class, Watcher.class)) {
            QuicServerRegistry registry = container.select(QuicServerRegistry.class).get();
            ports = registry.names().stream().collect(Collectors.toMap(name -> name, name -> registry.port(name).orElseThrow()));
            assertThat(ports).containsOnlyKeys("a", "b", "c");
            assertThat(ports.values()).allSatisfy(port -> assertThat(Ports.isFree(port)).isFalse());
        }

        assertThat(UNREGISTERED).containsExactly("c", "b", "a");
        assertThat(extension.serverRegistry().names()).isEmpty();
        assertThat(ports.values()).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
    }

    @Test
    void aServerThatStoppedEarlyIsGoneAndTheOthersStillStopInReverseOrder() {
        config.loopback("a", "b", "c");
        QuicRegistryExtension extension = new QuicRegistryExtension();
        int aPort;
        try (SeContainer container = Containers.start(extension, Servers.class, Watcher.class)) {
            QuicServerRegistry registry = container.select(QuicServerRegistry.class).get();
            aPort = registry.port("a").orElseThrow();
            registry.lookup("b").orElseThrow().server().close();
            assertThat(registry.names()).containsExactly("a", "c");
            assertThat(UNREGISTERED).containsExactly("b");
        }
        assertThat(UNREGISTERED).containsExactly("b", "c", "a");
        assertThat(Ports.isFree(aPort)).isTrue();
    }

    @Test
    void theServersAreStoppedWhenTheApplicationContextIsAboutToEndBeforeItsLaterObserversRun() {
        config.loopback("a", "b", "c");
        try (SeContainer container = Containers.start(Servers.class, Watcher.class, LateEndObserver.class)) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).containsExactly("a", "b", "c");
        }

        assertThat(LateEndObserver.RUNNING).containsExactly("[]");
        assertThat(UNREGISTERED).containsExactly("c", "b", "a");
    }

    @Test
    void theServerInfoOfAServerThatStoppedIsNoLongerHandedOut() {
        config.loopback("a", "b", "c");
        try (SeContainer container = Containers.start(Servers.class)) {
            QuicServerRegistry registry = container.select(QuicServerRegistry.class).get();
            registry.lookup("b").orElseThrow().server().close();

            Throwable thrown = catchThrowable(() -> container.select(ServerInfo.class, NamedQuicServerLiteral.of("b")).get());

            assertThat(thrown).isNotNull();
            assertThat(LogCapture.messagesOf(thrown))
                    .contains("QUIC server 'b' is not registered now (it stopped or was unregistered)");
            assertThat(container.select(ServerInfo.class, NamedQuicServerLiteral.of("a")).get().name()).isEqualTo("a");
        }
    }
}
