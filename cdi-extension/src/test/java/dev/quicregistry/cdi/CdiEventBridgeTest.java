package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.ServerEndpoint;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerPortResolved;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.cdi.internal.CdiEventBridge;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.spi.BeanContainer;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The bridge against a container double whose observer resolution the test controls: the order of
 * sync observers, what a throwing one costs, what a failed async delivery leaves, and the qualifier
 * each event carries. No container is booted.
 */
class CdiEventBridgeTest {

    private final FakeContainer container = new FakeContainer();
    private final CdiEventBridge bridge = new CdiEventBridge(container.proxy());
    private final List<String> notified = new CopyOnWriteArrayList<>();

    private static ServerInfo info(String name) {
        return new ServerInfo(name, new UdpTestServer(), 4433, Map.of(), Instant.EPOCH);
    }

    @Test
    void syncObserversAreNotifiedInPriorityOrderWhateverOrderTheContainerResolvesThemIn() {
        container.observers.add(new Observer(3000, false, event -> notified.add("late")));
        container.observers.add(new Observer(1000, false, event -> notified.add("early")));
        container.observers.add(new Observer(2000, false, event -> notified.add("middle")));

        bridge.onEvent(new ServerPortResolved("api", 4433));

        assertThat(notified).containsExactly("early", "middle", "late");
    }

    @Test
    void anObserverThatThrowsIsLoggedAsAWarningNamingTheEventAndTheOthersAreStillNotified() {
        IllegalStateException failure = new IllegalStateException("observer bug");
        container.observers.add(new Observer(1000, false, event -> {
            throw failure;
        }));
        container.observers.add(new Observer(2000, false, event -> notified.add("after the thrower")));
        ServerPortResolved event = new ServerPortResolved("api", 4433);

        try (LogCapture log = LogCapture.of(CdiEventBridge.class)) {
            bridge.onEvent(event);

            assertThat(notified).containsExactly("after the thrower");
            List<LogRecord> warnings = log.at(Level.WARNING);
            assertThat(warnings).singleElement().satisfies(record -> {
                assertThat(record.getMessage()).startsWith("observer ").contains(" threw on " + event
                        + "; the change stays and the other observers were notified");
                assertThat(record.getThrown()).isSameAs(failure);
            });
        }
    }

    @Test
    void anAsyncDeliveryThatFailsIsLoggedAsAWarningNamingTheEvent() {
        container.observers.add(new Observer(1000, true, event -> notified.add("async, not called by the bridge")));
        ServerPortResolved event = new ServerPortResolved("api", 4433);
        RuntimeException failure = new IllegalStateException("an async observer failed");

        try (LogCapture log = LogCapture.of(CdiEventBridge.class)) {
            bridge.onEvent(event);
            assertThat(container.firedAsync).containsExactly(event);
            container.asyncDelivery.completeExceptionally(failure);

            assertThat(log.at(Level.WARNING)).singleElement().satisfies(record -> {
                assertThat(record.getMessage()).isEqualTo("an async observer of " + event + " threw");
                assertThat(record.getThrown()).isSameAs(failure);
            });
        }
        assertThat(notified).as("the container notifies async observers").isEmpty();
    }

    @Test
    void anAsyncDeliveryThatSucceedsLogsNothing() {
        container.observers.add(new Observer(1000, true, event -> notified.add("async")));
        ServerPortResolved event = new ServerPortResolved("api", 4433);

        try (LogCapture log = LogCapture.of(CdiEventBridge.class)) {
            bridge.onEvent(event);
            container.asyncDelivery.complete(event);

            assertThat(log.warnings()).isEmpty();
        }
        assertThat(container.firedAsync).containsExactly(event);
    }

    @Test
    void withoutAnAsyncObserverNothingIsFiredAsynchronously() {
        container.observers.add(new Observer(1000, false, event -> notified.add("sync")));

        bridge.onEvent(new ServerPortResolved("api", 4433));

        assertThat(notified).containsExactly("sync");
        assertThat(container.firedAsync).isEmpty();
    }

    @Test
    void serverEventsAreQualifiedWithTheServersNameAndConnectionEventsAreNot() {
        container.observers.add(new Observer(1000, true, event -> { }));

        bridge.onEvent(new ServerRegistered(info("api")));
        bridge.onEvent(new ServerUnregistered(info("admin"), ServerUnregistered.Reason.TERMINATED));
        bridge.onEvent(new ServerPortResolved("metrics", 4433));
        bridge.onEvent(new ConnectionRegistered(ConnectionId.of("c1"), "transport"));

        assertThat(container.resolvedWith).containsExactly(
                List.of(NamedQuicServerLiteral.of("api")),
                List.of(NamedQuicServerLiteral.of("admin")),
                List.of(NamedQuicServerLiteral.of("metrics")),
                List.of());
        assertThat(container.selectedWith).as("the async delivery carries the same qualifiers")
                .containsExactlyElementsOf(container.resolvedWith);
    }

    @Test
    void theServerNameOfEachServerEventIsItsServersAndAConnectionEventHasNone() {
        assertThat(CdiEventBridge.serverName(new ServerRegistered(info("api")))).contains("api");
        assertThat(CdiEventBridge.serverName(new ServerUnregistered(info("admin"), ServerUnregistered.Reason.REPLACED)))
                .contains("admin");
        assertThat(CdiEventBridge.serverName(new ServerPortResolved("metrics", 4433))).contains("metrics");
        assertThat(CdiEventBridge.serverName(new dev.quicregistry.api.ServerDraining(info("edge"), java.time.Instant.EPOCH)))
                .contains("edge");
        assertThat(CdiEventBridge.serverName(new ConnectionRegistered(ConnectionId.of("c1"), "transport"))).isEmpty();
    }

    @Test
    void aDirectoryEventIsQualifiedWithItsEndpointsName() {
        bridge.onEvent(new EndpointAdded(new ServerEndpoint("api", "jvm-1", "127.0.0.1", 4433, Map.of(), Instant.EPOCH)));

        assertThat(container.resolvedWith).containsExactly(List.of(NamedQuicServerLiteral.of("api")));
    }

    /** An observer the test defines: its priority, whether it is async, and what it does. */
    private record Observer(int priority, boolean async, Consumer<Object> action) implements ObserverMethod<Object> {

        @Override
        public Class<?> getBeanClass() {
            return CdiEventBridgeTest.class;
        }

        @Override
        public Type getObservedType() {
            return Object.class;
        }

        @Override
        public Set<Annotation> getObservedQualifiers() {
            return Set.of();
        }

        @Override
        public Reception getReception() {
            return Reception.ALWAYS;
        }

        @Override
        public TransactionPhase getTransactionPhase() {
            return TransactionPhase.IN_PROGRESS;
        }

        @Override
        public int getPriority() {
            return priority;
        }

        @Override
        public boolean isAsync() {
            return async;
        }

        @Override
        public void notify(Object event) {
            action.accept(event);
        }
    }

    /**
     * A {@link BeanContainer} that resolves the test's observers in the order they were added (not
     * by priority), and records the qualifiers of each resolution and async delivery.
     */
    private static final class FakeContainer {
        final Set<ObserverMethod<?>> observers = new LinkedHashSet<>();
        final List<List<Annotation>> resolvedWith = new ArrayList<>();
        final List<List<Annotation>> selectedWith = new ArrayList<>();
        final List<Object> firedAsync = new ArrayList<>();
        final CompletableFuture<Object> asyncDelivery = new CompletableFuture<>();

        BeanContainer proxy() {
            return (BeanContainer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BeanContainer.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "resolveObserverMethods" -> {
                            resolvedWith.add(List.of((Annotation[]) args[1]));
                            yield new LinkedHashSet<>(observers);
                        }
                        case "getEvent" -> event(List.of());
                        case "toString" -> "FakeContainer";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        private Event<Object> event(List<Annotation> qualifiers) {
            return (Event<Object>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Event.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "select" -> {
                            List<Annotation> selected = List.of((Annotation[]) args[0]);
                            selectedWith.add(selected);
                            yield event(selected);
                        }
                        case "fireAsync" -> {
                            firedAsync.add(args[0]);
                            yield asyncDelivery;
                        }
                        case "toString" -> "FakeEvent" + qualifiers;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
