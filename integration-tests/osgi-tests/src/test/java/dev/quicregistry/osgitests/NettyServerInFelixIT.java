package dev.quicregistry.osgitests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.osgitests.nettyprobe.EchoServerActivator;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import java.lang.reflect.Method;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The Netty QUIC binding inside OSGi: a bundle in Felix builds and starts a real
 * {@code NettyQuicServer} (its native library loaded from Netty's {@code netty-codec-native-quic}
 * fragment) and registers it as a {@code QuicServer} service; the whiteboard names it, and a QUIC
 * client outside the framework talks to it over 127.0.0.1.
 *
 * <p>The tests share one framework, booted once for the class with the framework properties that
 * name the certificate's files. Each test gets a Netty probe bundle of its own, and so a server of
 * its own (which it may stop); after each test the probe is uninstalled
 * ({@link OsgiFramework#reset()}, which also checks that the bundles of the boot are as they were),
 * which closes its server and takes its name out of the registry.
 */
@TestInstance(Lifecycle.PER_CLASS)
class NettyServerInFelixIT {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String NATIVE_QUIC = "io.netty.codec-native-quic.linux-x86_64";
    private static final String QUIC_CLASSES = "io.netty.codec-classes-quic";

    private TestCertificates certificates;
    private OsgiFramework osgi;
    private Bundle nettyProbe;
    private RegistryServices registries;

    @BeforeAll
    void boot() throws Exception {
        Path directory = Files.createDirectories(Path.of(requiredProperty("quicregistry.certificates")));
        certificates = TestCertificates.writeTo(Files.createTempDirectory(directory, "netty-in-felix-"));
        osgi = OsgiFramework.launch(getClass().getSimpleName(), OsgiFramework.buildBundles(), Map.of(
                EchoServerActivator.CERT, certificates.certificateChainPem().toString(),
                EchoServerActivator.KEY, certificates.privateKeyPem().toString()));
        registries = new RegistryServices(osgi);
    }

    @BeforeEach
    void installNettyProbe() throws Exception {
        nettyProbe = osgi.installAndStart("test:netty-probe", ProbeBundle.nettyProbe());
    }

    @AfterEach
    void reset() throws Exception {
        osgi.reset();
        // the probe's service went with it, so the whiteboard takes the name out: free for the next test's server
        await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> !registries.names().contains(EchoServerActivator.NAME));
    }

    @AfterAll
    void shutDown() {
        osgi.close();
    }

    @Test
    void aNettyServerStartedInABundleIsNamedWithItsRealPortAndEchoesAClientOutsideTheFramework() throws Exception {
        await().atMost(BOUND).until(() -> registries.names().contains(EchoServerActivator.NAME));
        int port = registries.port(EchoServerActivator.NAME).orElseThrow();

        assertThat(port).isPositive();
        assertThat(boundPort(registries.server(EchoServerActivator.NAME).orElseThrow())).isEqualTo(port);
        try (QuicTestClient client = QuicTestClient.connect(port, EchoServerActivator.ALPN, certificates.trusted())) {
            assertThat(client.exchange("hello from outside Felix")).isEqualTo("hello from outside Felix");
            String large = "x".repeat(100_000);
            assertThat(client.exchange(large)).isEqualTo(large);
        }
    }

    @Test
    void theNativeQuicLibraryIsAFragmentAttachedToNettysQuicClasses() {
        Bundle fragment = osgi.bundle(NATIVE_QUIC);
        List<BundleWire> hosts = fragment.adapt(BundleWiring.class).getRequiredWires(BundleRevision.HOST_NAMESPACE);

        assertThat(fragment.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(hosts).singleElement()
                .satisfies(wire -> assertThat(wire.getProvider().getSymbolicName()).isEqualTo(QUIC_CLASSES));
        assertThat(fragment.getHeaders().get("Bundle-NativeCode")).contains("libnetty_quiche42_linux_x86_64.so");
    }

    @Test
    void stoppingTheBundleRemovesTheServerFromTheRegistryAndFreesItsPort() throws Exception {
        await().atMost(BOUND).until(() -> registries.names().contains(EchoServerActivator.NAME));
        int port = registries.port(EchoServerActivator.NAME).orElseThrow();

        nettyProbe.stop();

        await().atMost(BOUND).until(() -> !registries.names().contains(EchoServerActivator.NAME));
        try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
    }

    /** The server's bound port, read through the api bundle's {@code QuicServer} interface. */
    private int boundPort(Object server) throws ReflectiveOperationException {
        Method boundPort = osgi.loadClass("quic-registry-api", "dev.quicregistry.api.QuicServer").getMethod("boundPort");
        return (Integer) boundPort.invoke(server);
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests with 'mvn verify' (failsafe sets it)");
        }
        return value;
    }
}
