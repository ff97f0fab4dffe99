package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.api.ConnectionHandle;
import dev.quicregistry.api.ConnectionId;
import dev.quicregistry.api.ConnectionRegistered;
import dev.quicregistry.api.ConnectionReplaced;
import dev.quicregistry.api.ConnectionUnregistered;
import dev.quicregistry.api.Registration;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

    private final LocalConnectionRegistry registry = new LocalConnectionRegistry();
    private final RecordingListener listener = new RecordingListener();
    private final ConnectionId id = ConnectionId.of("feed-1");

    @Test
    void aRegisteredIdResolvesToItsTransport() {
        registry.addListener(listener);
        StringBuilder transport = new StringBuilder("t1");

        registry.register(id, transport);

        assertThat(registry.transport(id)).containsSame(transport);
        assertThat(registry.transport(id, StringBuilder.class)).containsSame(transport);
        assertThat(registry.transport(id, CharSequence.class)).containsSame(transport);
        assertThat(registry.ids()).containsExactly(id);
        assertThat(listener.events()).containsExactly(new ConnectionRegistered(id, transport));
    }

    @Test
    void registeringAnotherTransportForAnIdIsAReplacement() {
        Object first = new Object();
        Object second = new Object();
        registry.register(id, first);
        registry.addListener(listener);

        registry.register(id, second);

        assertThat(registry.transport(id)).containsSame(second);
        assertThat(listener.events()).containsExactly(new ConnectionReplaced(id, first, second));
    }

    @Test
    void unregisteringWithATransportRemovesTheIdOnlyWhileItIsThatTransport() {
        Object lost = new Object();
        Object replacement = new Object();
        registry.register(id, lost);
        registry.register(id, replacement);
        registry.addListener(listener);

        assertThat(registry.unregister(id, lost)).as("a late owner of the old transport").isFalse();
        assertThat(registry.transport(id)).containsSame(replacement);
        assertThat(registry.unregister(id, replacement)).isTrue();
        assertThat(registry.unregister(id, replacement)).as("already gone").isFalse();

        assertThat(registry.ids()).isEmpty();
        assertThat(listener.events()).containsExactly(new ConnectionUnregistered(id, replacement));
    }

    @Test
    void theSameTransportAgainChangesNothing() {
        Object transport = new Object();
        registry.register(id, transport);
        registry.addListener(listener);

        registry.register(id, transport);
        assertThat(registry.replaceTransport(id, transport)).isTrue();

        assertThat(listener.events()).isEmpty();
    }

    @Test
    void anEqualButDistinctTransportIsAReplacement() {
        String first = new String("same text");
        String second = new String("same text");
        registry.register(id, first);
        registry.addListener(listener);

        registry.register(id, second);

        assertThat(listener.events()).hasSize(1);
        assertThat(registry.transport(id)).containsSame(second);
    }

    @Test
    void replaceTransportSwapsAKnownIdAndRefusesAnUnknownOne() {
        Object first = new Object();
        Object second = new Object();
        registry.addListener(listener);

        assertThat(registry.replaceTransport(id, first)).isFalse();
        assertThat(registry.ids()).isEmpty();
        registry.register(id, first);
        assertThat(registry.replaceTransport(id, second)).isTrue();

        assertThat(registry.transport(id)).containsSame(second);
        assertThat(listener.events()).containsExactly(
                new ConnectionRegistered(id, first), new ConnectionReplaced(id, first, second));
    }

    @Test
    void unregisterRemovesAndIsIdempotent() {
        Object transport = new Object();
        registry.register(id, transport);
        registry.addListener(listener);

        registry.unregister(id);
        registry.unregister(id);

        assertThat(registry.transport(id)).isEmpty();
        assertThat(listener.events()).containsExactly(new ConnectionUnregistered(id, transport));
    }

    @Test
    void aHandleFollowsReplacementsAndOutlivesTheTransports() {
        ConnectionHandle<StringBuilder> handle = registry.handle(id, StringBuilder.class);
        assertThat(handle.id()).isEqualTo(id);
        assertThat(handle.current()).isEmpty();

        StringBuilder first = new StringBuilder("first");
        StringBuilder second = new StringBuilder("second");
        registry.register(id, first);
        assertThat(handle.current()).containsSame(first);
        registry.replaceTransport(id, second);
        assertThat(handle.current()).containsSame(second);
        registry.unregister(id);
        assertThat(handle.current()).isEmpty();
        registry.register(id, first);
        assertThat(handle.current()).containsSame(first);
    }

    @Test
    void anUnregisteredIdLeavesNoCellBehindUnlessAHandleHoldsIt() {
        ConnectionHandle<Object> held = registry.handle(id, Object.class);
        for (int i = 0; i < 10_000; i++) {
            ConnectionId each = ConnectionId.of("id-" + i);
            registry.register(each, new Object());
            registry.replaceTransport(each, new Object());
            registry.unregister(each);
        }
        registry.register(id, "first");
        assertThat(held.current()).contains("first");
        registry.unregister(id);

        assertThat(registry.cellsHeld()).isZero();
        assertThat(held.current()).isEmpty();
        registry.register(id, "second");
        assertThat(held.current()).contains("second");
        assertThat(registry.cellsHeld()).isOne();
    }

    @Test
    void aHandleHeldAfterItsIdWasUnregisteredDoesNotKeepTheTransport() {
        ConnectionHandle<Object> handle = registry.handle(id, Object.class);
        WeakReference<Object> transport = registerReadAndUnregister(handle);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            System.gc();
            return transport.get() == null;
        });
        assertThat(handle.current()).isEmpty();
    }

    private WeakReference<Object> registerReadAndUnregister(ConnectionHandle<Object> handle) {
        Object transport = new Object();
        registry.register(id, transport);
        assertThat(handle.current()).containsSame(transport); // the handle holds the id's cell now
        registry.unregister(id);
        return new WeakReference<>(transport);
    }

    @Test
    void anIdUnregisteredWhileAnotherThreadDeliversItsEventsLeavesOnceTheyAreDelivered() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        registry.addListener(event -> {
            seen.add(event);
            if (event instanceof ConnectionRegistered) {
                inListener.countDown();
                awaitReleased(release);
            }
        });
        Thread writer = new Thread(() -> registry.register(id, "t"), "writer");
        writer.start();
        assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();

        registry.unregister(id); // queued for the writer, which is still delivering the registration
        assertThat(registry.transport(id)).isEmpty();
        assertThat(registry.cellsHeld()).isOne();
        release.countDown();
        writer.join(10_000);

        assertThat(writer.isAlive()).isFalse();
        assertThat(seen).containsExactly(new ConnectionRegistered(id, "t"), new ConnectionUnregistered(id, "t"));
        assertThat(registry.cellsHeld()).isZero();
    }

    private static void awaitReleased(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aTransportOfAnotherTypeIsAClassCastNamingBothTypes() {
        registry.register(id, Integer.valueOf(7));
        ConnectionHandle<String> handle = registry.handle(id, String.class);

        assertThatThrownBy(() -> registry.transport(id, String.class))
                .isInstanceOf(ClassCastException.class)
                .hasMessageContaining("java.lang.Integer").hasMessageContaining("java.lang.String")
                .hasMessageContaining("feed-1");
        assertThatThrownBy(handle::current)
                .isInstanceOf(ClassCastException.class)
                .hasMessageContaining("java.lang.Integer").hasMessageContaining("java.lang.String");
    }

    @Test
    void idsAreAnUnmodifiableSnapshot() {
        registry.register(id, new Object());
        Set<ConnectionId> ids = registry.ids();
        registry.register(ConnectionId.of("other"), new Object());

        assertThat(ids).containsExactly(id);
        assertThatThrownBy(() -> ids.add(id)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullArgumentsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> registry.register(null, new Object()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> registry.register(id, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("transport");
        assertThatThrownBy(() -> registry.replaceTransport(id, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("newTransport");
        assertThatThrownBy(() -> registry.handle(id, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> registry.transport(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("id");
        assertThat(registry.ids()).isEmpty();
    }

    @Test
    void aThrowingListenerNeitherStopsTheOthersNorUndoesTheReplacement() {
        Object first = new Object();
        Object second = new Object();
        registry.register(id, first);
        registry.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        registry.addListener(listener);

        assertThat(registry.replaceTransport(id, second)).isTrue();

        assertThat(registry.transport(id)).containsSame(second);
        assertThat(listener.events()).containsExactly(new ConnectionReplaced(id, first, second));
    }

    @Test
    void aListenerThatResubscribesOnReplacementSeesTheNewTransportThroughItsHandle() {
        ConnectionHandle<Object> handle = registry.handle(id, Object.class);
        Object first = new Object();
        Object second = new Object();
        registry.register(id, first);
        Object[] seen = new Object[1];
        registry.addListener(event -> {
            if (event instanceof ConnectionReplaced) {
                seen[0] = handle.current().orElseThrow();
            }
        });

        registry.replaceTransport(id, second);

        assertThat(seen[0]).isSameAs(second);
    }

    @Test
    void replaceTransportOfAnIdWhoseTransportIsBeingRemovedIsFalse() {
        Object first = new Object();
        registry.register(id, first);
        AtomicReference<Boolean> replacedFromListener = new AtomicReference<>();
        registry.addListener(event -> {
            if (event instanceof ConnectionUnregistered) {
                replacedFromListener.set(registry.replaceTransport(id, new Object()));
            }
        });

        registry.unregister(id);

        assertThat(replacedFromListener.get()).isFalse();
        assertThat(registry.transport(id)).isEmpty();
    }

    @Test
    void closingAListenersRegistrationStopsItsDelivery() {
        Registration registration = registry.addListener(listener);
        registry.register(id, "a");

        registration.close();
        registry.register(id, "b");

        assertThat(listener.events()).containsExactly(new ConnectionRegistered(id, "a"));
    }

    @Test
    void theRegistryAndItsHandlesShowTheirIds() {
        registry.register(id, "a");

        assertThat(registry).hasToString("LocalConnectionRegistry[feed-1]");
        assertThat(registry.handle(id, String.class)).hasToString("ConnectionHandle[feed-1 -> String]");
    }
}
