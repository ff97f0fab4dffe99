package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the one lifecycle starts and stops the servers, seen from the application's own observers of
 * the container's events: running for every observer of the application context's start and of
 * {@code Shutdown}, and, where the container fires {@code Shutdown}, stopped before the context's end.
 */
class LifecycleEventsTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    /** The application's observers, each at the default priority, recording what runs when it is notified. */
    @ApplicationScoped
    static class ApplicationObservers {
        void contextStarted(@Observes @Initialized(ApplicationScoped.class) Object event, QuicServerRegistry registry) {
            SEEN.add("initialized " + registry.names());
        }

        void shutdown(@Observes Shutdown event, QuicServerRegistry registry) {
            SEEN.add("shutdown " + registry.names());
        }

        void contextEnds(@Observes @BeforeDestroyed(ApplicationScoped.class) @Priority(Interceptor.Priority.APPLICATION)
                         Object event, QuicServerRegistry registry) {
            SEEN.add("before destroyed " + registry.names());
        }
    }

    /** A QuicServer bean without the qualifier: the application's own, not the lifecycle's to start. */
    @ApplicationScoped
    static class UnnamedServer {
        static final UdpTestServer SERVER = new UdpTestServer();

        @Produces
        @ApplicationScoped
        QuicServer plain() {
            return SERVER;
        }
    }

    @BeforeEach
    void reset() {
        SEEN.clear();
    }

    @Test
    void aQuicServerBeanWithoutTheQualifierIsNeitherStartedNorRegistered() {
        config.loopback("a", "b", "c");
        try (SeContainer container = Containers.start(ShutdownTest.Servers.class, UnnamedServer.class)) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).containsExactly("a", "b", "c");
            assertThat(UnnamedServer.SERVER.boundPort()).isZero();
        }
    }

    @Test
    void theServersRunForTheApplicationsObserversOfTheStartAndOfShutdownAndAreStoppedBeforeTheContextEnds() {
        config.loopback("a", "b", "c");
        try (SeContainer container = Containers.start(ShutdownTest.Servers.class, ApplicationObservers.class)) {
            assertThat(container.select(QuicServerRegistry.class).get().names()).containsExactly("a", "b", "c");
        }

        if (Containers.IMPLEMENTATION.firesShutdown()) {
            assertThat(SEEN).containsExactly("initialized [a, b, c]", "shutdown [a, b, c]", "before destroyed []");
        } else {
            // no Shutdown event: the servers stop at the context's end, after observers of an earlier priority
            assertThat(SEEN).containsExactly("initialized [a, b, c]", "before destroyed [a, b, c]");
        }
    }
}
