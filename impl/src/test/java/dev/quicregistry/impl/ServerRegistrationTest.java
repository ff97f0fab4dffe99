package dev.quicregistry.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.QuicConnection;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered.Reason;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.TestServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerRegistrationTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry(Clock.fixed(NOW, ZoneOffset.UTC));
    private final RecordingListener listener = new RecordingListener();

    @Test
    void registeredServerIsFoundByNameWithItsPortOptionsAndTime() {
        TestServer server = TestServer.named("api");
        registry.register("api", server, 4433, Map.of("alpn", "h3"));

        ServerInfo info = registry.lookup("api").orElseThrow();
        assertThat(info.name()).isEqualTo("api");
        assertThat(info.server()).isSameAs(server);
        assertThat(info.port()).isEqualTo(4433);
        assertThat(info.options()).containsExactly(Map.entry("alpn", "h3"));
        assertThat(info.registeredAt()).isEqualTo(NOW);
        assertThat(registry.names()).containsExactly("api");
        assertThat(registry.port("api")).hasValue(4433);
    }

    @Test
    void aDefaultRegistryStampsEntriesWithTheWallClockToTheMillisecond() {
        LocalQuicServerRegistry plain = new LocalQuicServerRegistry();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (String name : List.of("a", "b", "c")) {
            plain.register(name, TestServer.named(name), 1, Map.of());
        }
        Instant after = Instant.now();

        assertThat(plain.names()).containsExactly("a", "b", "c").allSatisfy(name -> {
            Instant registeredAt = plain.lookup(name).orElseThrow().registeredAt();
            assertThat(registeredAt).isBetween(before, after);
            assertThat(registeredAt).isEqualTo(registeredAt.truncatedTo(ChronoUnit.MILLIS));
        });
    }

    @Test
    void namesAreASortedUnmodifiableSnapshot() {
        registry.register("b", TestServer.named("b"), 1, Map.of());
        registry.register("a", TestServer.named("a"), 2, Map.of());
        var names = registry.names();
        registry.register("c", TestServer.named("c"), 3, Map.of());

        assertThat(names).containsExactly("a", "b");
        assertThatThrownBy(() -> names.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unknownNamesAreNotFound() {
        assertThat(registry.lookup("nope")).isEmpty();
        assertThat(registry.port("nope")).isEmpty();
        assertThat(registry.localAddress("nope")).isEmpty();
        assertThat(registry.connections("nope")).isEmpty();
        assertThat(registry.updatePort("nope", 80)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-api", "_api", "has space", "dot.ted", "ünïcode", "a/b"})
    void readsAndUnregisterAcceptNamesThatCouldNeverBeRegistered(String name) {
        registry.addListener(listener);
        assertThat(registry.lookup(name)).isEmpty();
        assertThat(registry.port(name)).isEmpty();
        registry.unregister(name);
        assertThat(listener.events()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-api", "_api", "has space", "dot.ted", "ünïcode", "a/b"})
    void registerRefusesABadNameNamingIt(String name) {
        assertThatThrownBy(() -> registry.register(name, TestServer.named("x"), 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void nameLengthLimitIs63() {
        String longest = "a".repeat(63);
        registry.register(longest, TestServer.named("x"), 0, Map.of());
        assertThat(registry.names()).containsExactly(longest);
        assertThatThrownBy(() -> registry.register("a".repeat(64), TestServer.named("y"), 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, 70000, Integer.MIN_VALUE})
    void registerRefusesAPortOutside0To65535NamingIt(int port) {
        assertThatThrownBy(() -> registry.register("api", TestServer.named("x"), port, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port=" + port + " is not a port (0..65535)");
        assertThat(registry.lookup("api")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void updatePortRefusesAPortOutside1To65535NamingIt(int port) {
        registry.register("api", TestServer.named("x"), 0, Map.of());
        assertThatThrownBy(() -> registry.updatePort("api", port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port=" + port + " is not a port (1..65535)");
        assertThat(registry.lookup("api").orElseThrow().port()).isZero();
    }

    @Test
    void nullArgumentsAreRefusedNamingTheParameter() {
        TestServer server = TestServer.named("x");
        assertThatThrownBy(() -> registry.register(null, server, 0, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> registry.register("api", null, 0, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("server");
        assertThatThrownBy(() -> registry.register("api", server, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("alpn", null);
        assertThatThrownBy(() -> registry.register("api", server, 0, withNull))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'alpn'");
        assertThatThrownBy(() -> registry.lookup(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> registry.unregister(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> registry.addListener(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("listener");
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void optionsAreCopiedAndHandedOutUnmodifiable() {
        Map<String, Object> options = new HashMap<>(Map.of("alpn", "h3"));
        registry.register("api", TestServer.named("x"), 0, options);
        options.put("alpn", "changed");

        Map<String, Object> stored = registry.lookup("api").orElseThrow().options();
        assertThat(stored).containsExactly(Map.entry("alpn", "h3"));
        assertThatThrownBy(() -> stored.put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void connectionsAndAddressAreReadLiveFromTheServer() {
        TestServer server = TestServer.named("x").bindTo(4433);
        registry.register("api", server, 4433, Map.of());
        QuicConnection connection = new FixedConnection(new InetSocketAddress("127.0.0.1", 50000));

        assertThat(registry.connections("api")).hasValue(List.of());
        server.withConnection(connection);
        List<QuicConnection> listed = registry.connections("api").orElseThrow();
        assertThat(listed).containsExactly(connection);
        assertThatThrownBy(() -> listed.add(connection)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(registry.localAddress("api")).hasValue(new InetSocketAddress("127.0.0.1", 4433));
    }

    @Test
    void unregisterRemovesAndIsIdempotent() {
        registry.addListener(listener);
        TestServer server = TestServer.named("x");
        registry.register("api", server, 1, Map.of());
        ServerInfo info = registry.lookup("api").orElseThrow();

        registry.unregister("api");
        registry.unregister("api");

        assertThat(registry.lookup("api")).isEmpty();
        assertThat(listener.events()).containsExactly(
                new ServerRegistered(info), new ServerUnregistered(info, Reason.UNREGISTERED));
    }

    @Test
    void unregisteredAndTerminatedNamesLeaveNoSlotBehind() {
        for (int i = 0; i < 10_000; i++) {
            String name = "name-" + i;
            TestServer server = TestServer.named(name);
            registry.register(name, server, 0, Map.of());
            registry.register(name, TestServer.named("other"), 1, Map.of()); // a replacement
            registry.unregister(name);
        }
        TestServer dying = TestServer.named("dying");
        registry.register("api", dying, 1, Map.of());
        registry.register("api-2", dying, 1, Map.of());
        assertThat(registry.slotsHeld()).isEqualTo(2);

        dying.terminate();

        assertThat(registry.names()).isEmpty();
        assertThat(registry.slotsHeld()).isZero();
    }

    @Test
    void unregisterOfAServerRemovesOnlyThatServer() {
        TestServer mine = TestServer.named("mine");
        TestServer theirs = TestServer.named("theirs");
        registry.register("api", mine, 1, Map.of());
        registry.register("api", theirs, 2, Map.of());
        registry.addListener(listener);

        assertThat(registry.unregister("api", mine)).isFalse();
        assertThat(registry.lookup("api").orElseThrow().server()).isSameAs(theirs);
        assertThat(listener.events()).isEmpty();

        ServerInfo info = registry.lookup("api").orElseThrow();
        assertThat(registry.unregister("api", theirs)).isTrue();
        assertThat(registry.unregister("api", theirs)).isFalse();
        assertThat(registry.lookup("api")).isEmpty();
        assertThat(listener.events()).containsExactly(new ServerUnregistered(info, Reason.UNREGISTERED));
    }

    @Test
    void unregisterOfAServerUnderAnUnknownNameIsFalse() {
        assertThat(registry.unregister("nope", TestServer.named("x"))).isFalse();
        assertThat(registry.unregister("not a name", TestServer.named("x"))).isFalse();
    }

    @Test
    void registeringUnderATakenNameReplacesTheEntry() {
        registry.addListener(listener);
        registry.register("api", TestServer.named("old"), 1, Map.of());
        ServerInfo old = registry.lookup("api").orElseThrow();
        TestServer replacement = TestServer.named("new");

        registry.register("api", replacement, 2, Map.of());

        ServerInfo current = registry.lookup("api").orElseThrow();
        assertThat(current.server()).isSameAs(replacement);
        assertThat(listener.events()).containsExactly(
                new ServerRegistered(old),
                new ServerUnregistered(old, Reason.REPLACED),
                new ServerRegistered(current));
    }

    /** API.md, round 3: the registry keeps the secret rule itself, whoever registers (plain Java here). */
    @Test
    void secretOptionsAreStoredMaskedWhoeverRegisters() {
        registry.addListener(listener);
        Map<String, Object> options = new java.util.LinkedHashMap<>();
        options.put("alpn", "h3");
        options.put("key-password", "hunter2");
        options.put("api-key", "k-123");
        options.put("Credentials", "user:pw");
        options.put("idle-timeout", "30s");

        registry.register("api", TestServer.named("x"), 1, options);

        Map<String, Object> stored = registry.lookup("api").orElseThrow().options();
        assertThat(stored).containsOnly(Map.entry("alpn", "h3"), Map.entry("key-password", "***"),
                Map.entry("api-key", "***"), Map.entry("Credentials", "***"), Map.entry("idle-timeout", "30s"));
        assertThat(((ServerRegistered) listener.events().get(0)).server().options()).isEqualTo(stored);
        assertThat(registry.toString() + listener.events()).doesNotContain("hunter2", "k-123", "user:pw");
    }

    @Test
    void oneServerMayBeRegisteredUnderTwoNames() {
        TestServer server = TestServer.named("x");
        registry.register("a", server, 1, Map.of());
        registry.register("b", server, 1, Map.of());
        registry.unregister("a");
        assertThat(registry.names()).containsExactly("b");
    }

    /** A connection with a fixed peer; the registry only lists connections. */
    private record FixedConnection(InetSocketAddress remoteAddress) implements QuicConnection {
        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
