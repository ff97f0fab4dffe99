package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.net.BindException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server that fails to start fails the deployment, and leaves no server running, registered or bound. */
class StartFailureTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    /** The servers the beans created, in creation order (static: the beans live in the container). */
    static final List<UdpTestServer> CREATED = new CopyOnWriteArrayList<>();
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static volatile IOException betaFailure;
    static volatile Error betaError;

    @ApplicationScoped
    static class Servers {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("alpha")
        QuicServer alpha() {
            return created(new UdpTestServer());
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("beta")
        QuicServer beta() {
            UdpTestServer server = new UdpTestServer();
            if (betaFailure != null) {
                server.failStartWith(betaFailure);
            }
            if (betaError != null) {
                server.failStartWith(betaError);
            }
            return created(server);
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("gamma")
        QuicServer gamma() {
            return created(new UdpTestServer());
        }

        private static UdpTestServer created(UdpTestServer server) {
            CREATED.add(server);
            return server;
        }
    }

    @ApplicationScoped
    static class Recorder {
        void record(@Observes RegistryEvent event) {
            if (event instanceof ServerRegistered registered) {
                EVENTS.add("registered " + registered.server().name());
            } else if (event instanceof ServerUnregistered unregistered) {
                EVENTS.add("unregistered " + unregistered.server().name());
            }
        }
    }

    /** Another extension that refuses the deployment after this one's deployment validation ran. */
    public static class RefusingExtension implements Extension {
        void refuse(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) AfterDeploymentValidation event) {
            event.addDeploymentProblem(new IllegalStateException("another extension refuses the deployment"));
        }
    }

    @BeforeEach
    void reset() {
        CREATED.clear();
        EVENTS.clear();
        betaFailure = null;
        betaError = null;
    }

    @Test
    void aPortClashFailsTheDeploymentNamingServerHostPortAndCauseAndRollsBackTheStartedServers() throws IOException {
        int alphaPort = Ports.free();
        int taken;
        QuicRegistryExtension extension = new QuicRegistryExtension();
        try (DatagramChannel clash = Ports.occupy(0)) {
            taken = clash.socket().getLocalPort();
            config.loopback("alpha", "beta", "gamma")
                    .set("quic.server.alpha.port", Integer.toString(alphaPort))
                    .set("quic.server.beta.port", Integer.toString(taken));

            BootFailure failure = start(extension);
            assertThat(failure.reported())
                    .contains("QUIC server 'beta' failed to start on 127.0.0.1:" + taken)
                    .contains(BindException.class.getName());
            assertThat(failure.thrown()).hasRootCauseInstanceOf(BindException.class);
        }
        assertThat(Ports.isFree(alphaPort)).as("alpha's port is released").isTrue();
        assertThat(Ports.isFree(taken)).as("the clashing port is free once the test releases it").isTrue();
        assertThat(extension.serverRegistry().names()).isEmpty();
        assertThat(CREATED).hasSize(2).allSatisfy(server -> assertThat(server.isTerminated()).isTrue());
        assertThat(EVENTS).containsExactly("registered alpha", "unregistered alpha");
        assertThat(Containers.anyRunning()).as("the failed container is gone").isFalse();
    }

    @Test
    void aStartThatFailsAfterBindingLeavesNoPortBoundAndNoEntry() {
        int alphaPort = Ports.free();
        int betaPort = Ports.free();
        betaFailure = new IOException("simulated handshake setup failure");
        config.loopback("alpha", "beta", "gamma")
                .set("quic.server.alpha.port", Integer.toString(alphaPort))
                .set("quic.server.beta.port", Integer.toString(betaPort));
        QuicRegistryExtension extension = new QuicRegistryExtension();

        assertThat(start(extension).reported()).contains("QUIC server 'beta' failed to start on 127.0.0.1:" + betaPort
                + ": java.io.IOException: simulated handshake setup failure");

        // Binding the very ports again proves the failed server and the rolled-back one released them.
        assertThat(Ports.isFree(betaPort)).as("beta's port").isTrue();
        assertThat(Ports.isFree(alphaPort)).as("alpha's port").isTrue();
        assertThat(extension.serverRegistry().names()).isEmpty();
        assertThat(CREATED).hasSize(2);
        assertThat(CREATED.get(1).isStarted()).isTrue();
        assertThat(EVENTS).containsExactly("registered alpha", "unregistered alpha");
    }

    @Test
    void anErrorFromAServersStartRollsBackAndIsRethrownItself() {
        int alphaPort = Ports.free();
        int betaPort = Ports.free();
        betaError = new LinkageError("simulated missing native library");
        config.loopback("alpha", "beta", "gamma")
                .set("quic.server.alpha.port", Integer.toString(alphaPort))
                .set("quic.server.beta.port", Integer.toString(betaPort));
        QuicRegistryExtension extension = new QuicRegistryExtension();

        BootFailure failure = Containers.failedBoot(extension, Servers.class, Recorder.class);

        assertThat(failure.thrown()).as("the original error, perhaps wrapped by the container")
                .satisfiesAnyOf(thrown -> assertThat(thrown).isSameAs(betaError),
                        thrown -> assertThat(thrown).hasCauseReference(betaError),
                        thrown -> assertThat(thrown).hasRootCause(betaError));
        assertThat(Ports.isFree(alphaPort)).as("alpha's port").isTrue();
        assertThat(Ports.isFree(betaPort)).as("beta's port").isTrue();
        assertThat(extension.serverRegistry().names()).isEmpty();
        assertThat(EVENTS).containsExactly("registered alpha", "unregistered alpha");
    }

    @Test
    void aDeploymentThatAnotherExtensionRefusesStartsNoServer() {
        config.loopback("alpha", "beta", "gamma");
        QuicRegistryExtension extension = new QuicRegistryExtension();

        BootFailure failure = Containers.failedBoot(Containers.initializer(extension, Servers.class, Recorder.class)
                .addExtensions(new RefusingExtension()));
        assertThat(failure.isDeploymentError()).as("a deployment problem, reported as " + failure).isTrue();
        assertThat(failure.reported()).contains("another extension refuses the deployment");

        assertThat(CREATED).isEmpty();
        assertThat(extension.serverRegistry().names()).isEmpty();
        assertThat(Containers.anyRunning()).isFalse();
    }

    /** Boots a container that must fail with a deployment problem. */
    private static BootFailure start(QuicRegistryExtension extension) {
        BootFailure failure = Containers.failedBoot(extension, Servers.class, Recorder.class);
        assertThat(failure.isDeploymentError()).as("a deployment problem, reported as " + failure).isTrue();
        return failure;
    }
}
