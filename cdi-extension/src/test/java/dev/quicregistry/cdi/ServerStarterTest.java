package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerSettings;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.cdi.internal.BoundPortConfigSource;
import dev.quicregistry.cdi.internal.PortPublisher;
import dev.quicregistry.cdi.internal.ServerLaunch;
import dev.quicregistry.cdi.internal.ServerStartException;
import dev.quicregistry.cdi.internal.ServerStarter;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.TestServer;
import dev.quicregistry.testing.UdpTestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Start-up order, rollback and shutdown of the servers, without a container. */
class ServerStarterTest {

    private final LocalQuicServerRegistry registry = new LocalQuicServerRegistry();
    private final PortPublisher ports = BoundPortConfigSource.newPublisher();
    private final BoundPortConfigSource published = new BoundPortConfigSource();
    private final ServerStarter starter = new ServerStarter(registry, ports);
    private final List<String> events = new CopyOnWriteArrayList<>();

    ServerStarterTest() {
        registry.addListener(event -> {
            if (event instanceof ServerRegistered e) {
                events.add("+" + e.server().name());
            } else if (event instanceof ServerUnregistered e) {
                events.add("-" + e.server().name() + " " + e.reason());
            } else if (event instanceof ServerDraining e) {
                events.add("~" + e.server().name());
            }
        });
    }

    private static final Duration GRACE = Duration.ofSeconds(5);

    /** A launch on {@code port} (a {@link TestServer} binds what it is given) that drains its server for at most {@link #GRACE} when stopped. */
    private static ServerLaunch draining(String name, int port, Supplier<? extends QuicServer> server) {
        return new ServerLaunch(name, new ServerSettings("127.0.0.1", port, Map.of()), server, keys -> Map.of(), GRACE);
    }

    private static ServerLaunch launch(String name, Supplier<? extends QuicServer> server) {
        return new ServerLaunch(name, new ServerSettings("127.0.0.1", 0, Map.of("alpn", "h3")), server);
    }

    @Test
    void serversStartInNameOrderAndAreRegisteredWithTheirBoundPort() throws Exception {
        starter.startAll(List.of(launch("c", UdpTestServer::new), launch("a", UdpTestServer::new),
                launch("b", UdpTestServer::new)));

        assertThat(events).containsExactly("+a", "+b", "+c");
        assertThat(starter.runningNames()).containsExactly("a", "b", "c");
        for (String name : List.of("a", "b", "c")) {
            int port = registry.port(name).orElseThrow();
            assertThat(registry.lookup(name).orElseThrow().server().boundPort()).isEqualTo(port);
            assertThat(registry.lookup(name).orElseThrow().options())
                    .containsOnly(Map.entry("alpn", "h3"), Map.entry("configured-port", 0));
            assertThat(published.getValue("quic.server." + name + ".bound-port")).isEqualTo(Integer.toString(port));
        }
        starter.stopAll();
    }

    @Test
    void aFailedStartClosesAndUnregistersTheStartedServersInReverseOrder() throws IOException {
        UdpTestServer a = new UdpTestServer();
        UdpTestServer b = new UdpTestServer();
        UdpTestServer c = new UdpTestServer().failStartWith(new IOException("no certificate"));
        List<Integer> ports = new CopyOnWriteArrayList<>();
        registry.addListener(event -> {
            if (event instanceof ServerRegistered e) {
                ports.add(e.server().port());
            }
        });

        assertThatThrownBy(() -> starter.startAll(List.of(launch("a", () -> a), launch("b", () -> b), launch("c", () -> c))))
                .isInstanceOf(ServerStartException.class)
                .hasMessage("QUIC server 'c' failed to start on 127.0.0.1:0: java.io.IOException: no certificate")
                .hasCauseInstanceOf(IOException.class);

        assertThat(events).containsExactly("+a", "+b", "-b TERMINATED", "-a TERMINATED");
        assertThat(registry.names()).isEmpty();
        assertThat(starter.runningNames()).isEmpty();
        assertThat(List.of(a, b, c)).allSatisfy(server -> assertThat(server.boundPort()).isZero());
        assertThat(ports).hasSize(2).allSatisfy(port -> assertThat(Ports.isFree(port)).isTrue());
        assertThat(published.getValue("quic.server.a.bound-port")).isNull();
    }

    @Test
    void aServerThatCannotBeCreatedIsReportedWithItsEndpointAndNothingStays() {
        assertThatThrownBy(() -> starter.startAll(List.of(launch("a", UdpTestServer::new),
                launch("b", () -> {
                    throw new IllegalStateException("producer failed");
                }))))
                .isInstanceOf(ServerStartException.class)
                .hasMessage("QUIC server 'b' (for 127.0.0.1:0) could not be created: java.lang.IllegalStateException: producer failed");
        assertThat(registry.names()).isEmpty();
        assertThat(events).containsExactly("+a", "-a TERMINATED");
    }

    @Test
    void stopAllClosesInReverseStartOrderWithdrawsThePortsAndIsIdempotent() throws Exception {
        starter.startAll(List.of(launch("a", UdpTestServer::new), launch("b", UdpTestServer::new)));
        int aPort = registry.port("a").orElseThrow();

        starter.stopAll();
        starter.stopAll();

        assertThat(events).containsExactly("+a", "+b", "-b TERMINATED", "-a TERMINATED");
        assertThat(Ports.isFree(aPort)).isTrue();
        assertThat(published.getPropertyNames()).doesNotContain("quic.server.a.bound-port", "quic.server.b.bound-port");
    }

    @Test
    void stoppingLeavesAServerThatReplacedOursUnderTheSameName() throws Exception {
        starter.startAll(List.of(launch("a", UdpTestServer::new)));
        UdpTestServer replacement = new UdpTestServer();
        registry.register("a", replacement, 4433, Map.of());

        starter.stopAll();

        assertThat(registry.lookup("a")).hasValueSatisfying(info -> assertThat(info.server()).isSameAs(replacement));
    }

    @Test
    void aServerThatDoesNotCompleteItsTerminationOnCloseIsStillUnregistered() throws Exception {
        UdpTestServer neverTerminates = new UdpTestServer() {
            @Override
            public void close() {
                // releases nothing and never completes termination(): a broken transport
            }
        };
        starter.startAll(List.of(launch("a", () -> neverTerminates)));

        starter.stopAll();

        assertThat(registry.names()).isEmpty();
        assertThat(events).containsExactly("+a", "-a UNREGISTERED");
        neverTerminates.die(new IOException("test cleanup"));
    }

    @Test
    void anErrorFromStartIsRethrownAsItIsAfterTheStartedServersAreClosed() {
        UdpTestServer a = new UdpTestServer();
        LinkageError error = new LinkageError("a missing native library");
        UdpTestServer b = new UdpTestServer().failStartWith(error);

        assertThatThrownBy(() -> starter.startAll(List.of(launch("a", () -> a), launch("b", () -> b)))).isSameAs(error);

        assertThat(events).containsExactly("+a", "-a TERMINATED");
        assertThat(List.of(a, b)).allSatisfy(server -> assertThat(server.boundPort()).isZero());
        assertThat(published.getPropertyNames()).doesNotContain("quic.server.a.bound-port", "quic.server.b.bound-port");
    }

    @Test
    void anErrorFromTheServerBeanIsRethrownAsItIsAfterTheStartedServersAreClosed() {
        StackOverflowError error = new StackOverflowError("a producer recursed");

        assertThatThrownBy(() -> starter.startAll(List.of(launch("a", UdpTestServer::new), launch("b", () -> {
            throw error;
        })))).isSameAs(error);

        assertThat(events).containsExactly("+a", "-a TERMINATED");
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void theBoundPortIsPublishedBeforeServerRegisteredFires() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        registry.addListener(event -> {
            if (event instanceof ServerRegistered e) {
                seen.add(e.server().port() + "=" + published.getValue("quic.server.a.bound-port"));
            }
        });

        starter.startAll(List.of(launch("a", UdpTestServer::new)));

        int port = registry.port("a").orElseThrow();
        assertThat(seen).containsExactly(port + "=" + port);
        starter.stopAll();
    }

    /** A server that releases its port on close() and then throws {@code failure}, as a transport with a bug might. */
    private static UdpTestServer closeThrows(RuntimeException failure) {
        return new UdpTestServer() {
            @Override
            public void close() {
                super.close();
                throw failure;
            }
        };
    }

    @Test
    void aCloseThatThrowsAfterAFailedStartIsSuppressedInTheStartFailureAndNotLogged() {
        IOException startFailure = new IOException("no certificate");
        IllegalStateException closeFailure = new IllegalStateException("close failed too");
        UdpTestServer broken = closeThrows(closeFailure);
        broken.failStartWith(startFailure);

        try (LogCapture log = LogCapture.of(ServerStarter.class)) {
            assertThatThrownBy(() -> starter.startAll(List.of(launch("a", () -> broken))))
                    .isInstanceOf(ServerStartException.class)
                    .hasCause(startFailure);

            assertThat(startFailure.getSuppressed()).containsExactly(closeFailure);
            assertThat(log.warnings()).isEmpty();
        }
        assertThat(registry.names()).isEmpty();
        assertThat(published.getValue("quic.server.a.bound-port")).isNull();
    }

    @Test
    void aCloseThatThrowsAtStopIsLoggedAsAWarningAndTheServerIsStillUnregisteredAndWithdrawn() throws Exception {
        IllegalStateException closeFailure = new IllegalStateException("close failed");
        UdpTestServer broken = closeThrows(closeFailure);
        starter.startAll(List.of(launch("a", () -> broken), launch("b", UdpTestServer::new)));

        try (LogCapture log = LogCapture.of(ServerStarter.class)) {
            starter.stopAll();

            assertThat(log.at(Level.WARNING)).singleElement().satisfies(record -> {
                assertThat(record.getMessage()).isEqualTo("closing QUIC server 'a' failed");
                assertThat(record.getThrown()).isSameAs(closeFailure);
            });
        }
        assertThat(registry.names()).isEmpty();
        assertThat(starter.runningNames()).isEmpty();
        assertThat(published.getPropertyNames()).doesNotContain("quic.server.a.bound-port", "quic.server.b.bound-port");
    }

    @Test
    void stopAllDrainsTheServersWithADrainTimeoutThroughTheRegistryAndClosesTheOthersStillInReverseOrder() throws Exception {
        List<Boolean> drainingSeen = new CopyOnWriteArrayList<>();
        TestServer a = TestServer.named("a").whileDraining(() -> drainingSeen.add(registry.isDraining("a")));
        TestServer c = TestServer.named("c");
        UdpTestServer b = new UdpTestServer();
        starter.startAll(List.of(draining("a", 4431, () -> a), launch("b", () -> b), draining("c", 4433, () -> c)));

        starter.stopAll();

        assertThat(events).containsExactly("+a", "+b", "+c", "~c", "-c DRAINED", "-b TERMINATED", "~a", "-a DRAINED");
        assertThat(a.drains()).containsExactly(GRACE);
        assertThat(c.drains()).containsExactly(GRACE);
        assertThat(drainingSeen).containsExactly(true);
        assertThat(List.of(a, c)).allSatisfy(server -> assertThat(server.isTerminated()).isTrue());
        assertThat(b.isTerminated()).isTrue();
        assertThat(registry.names()).isEmpty();
        assertThat(published.getPropertyNames()).doesNotContain("quic.server.a.bound-port", "quic.server.c.bound-port");
    }

    @Test
    void aServerWhoseEntryWasReplacedIsDrainedByItselfAndTheReplacementStays() throws Exception {
        TestServer ours = TestServer.named("ours");
        starter.startAll(List.of(draining("a", 4431, () -> ours)));
        UdpTestServer replacement = new UdpTestServer();
        registry.register("a", replacement, 4433, Map.of());

        starter.stopAll();

        assertThat(ours.drains()).containsExactly(GRACE);
        assertThat(ours.isTerminated()).isTrue();
        assertThat(events).doesNotContain("~a");
        assertThat(registry.lookup("a")).hasValueSatisfying(info -> assertThat(info.server()).isSameAs(replacement));
    }

    @Test
    void aDrainThatThrowsIsLoggedAndTheServerIsClosedUnregisteredAndWithdrawn() throws Exception {
        IllegalStateException drainFailure = new IllegalStateException("drain failed");
        UdpTestServer broken = new UdpTestServer() {
            @Override
            public void drain(Duration grace) {
                throw drainFailure;
            }
        };
        starter.startAll(List.of(draining("a", 0, () -> broken)));
        int port = registry.port("a").orElseThrow();

        try (LogCapture log = LogCapture.of(ServerStarter.class)) {
            starter.stopAll();

            assertThat(log.at(Level.WARNING)).singleElement().satisfies(record -> {
                assertThat(record.getMessage()).isEqualTo("draining QUIC server 'a' failed; closing it");
                assertThat(record.getThrown()).isSameAs(drainFailure);
            });
        }
        assertThat(broken.isTerminated()).isTrue();
        assertThat(Ports.isFree(port)).isTrue();
        assertThat(registry.names()).isEmpty();
        assertThat(published.getValue("quic.server.a.bound-port")).isNull();
    }

    @Test
    void aLaunchRefusesANegativeDrainTimeoutAndDefaultsToNone() {
        assertThat(launch("a", UdpTestServer::new).drainTimeout()).isZero();
        assertThatThrownBy(() -> new ServerLaunch("a", new ServerSettings("127.0.0.1", 0, Map.of()), UdpTestServer::new,
                keys -> Map.of(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainTimeout").hasMessageContaining("PT-1S");
    }
}
