package dev.quicregistry.osgitests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Every bundle of the build resolves and starts in Felix, and a bundle that cannot says why.
 *
 * <p>The tests share one framework, booted once for the class. {@link OsgiFramework#reset()} after
 * each test uninstalls what the test installed (the bundle that does not resolve), so the next test
 * sees the bundles of the boot only, and checks that no test changed those. The test of the api
 * alone boots a framework of its own with that one bundle.
 */
@TestInstance(Lifecycle.PER_CLASS)
class BundlesStartIT {

    private OsgiFramework osgi;

    @BeforeAll
    void boot() throws Exception {
        osgi = OsgiFramework.launch(getClass().getSimpleName());
    }

    @AfterEach
    void reset() throws Exception {
        osgi.reset();
    }

    @AfterAll
    void shutDown() {
        osgi.close();
    }

    @Test
    void everyBundleOfTheBuildResolvesAndStarts() {
        assertThat(osgi.bundles())
                .extracting(Bundle::getSymbolicName)
                .contains("quic-registry-support", "quic-registry-api", "quic-registry-impl", "quic-registry-reconnect", "quic-registry-osgi",
                        "quic-registry-cdi", "quic-registry-netty", "quic-registry-websocket", "org.apache.felix.scr");
        assertThat(osgi.bundles())
                .allSatisfy(bundle -> assertThat(bundle.getState())
                        .as(OsgiFramework.describe(bundle) + " state")
                        .isEqualTo(OsgiFramework.isFragment(bundle) ? Bundle.RESOLVED : Bundle.ACTIVE));
    }

    @Test
    void theApiWithItsSupportBundleResolvesAndStartsWithoutTheJakartaPackagesItsQualifierMentions() throws Exception {
        try (OsgiFramework apiOnly = OsgiFramework.launch(getClass().getSimpleName() + "-apiOnly",
                List.of(OsgiFramework.buildBundle("quic-registry-support"), OsgiFramework.buildBundle("quic-registry-api")))) {
            Bundle api = apiOnly.bundle("quic-registry-api");
            List<String> importedPackages = api.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                    .map(BundleWire::getCapability)
                    .map(capability -> (String) capability.getAttributes().get("osgi.wiring.package"))
                    .collect(Collectors.toList());

            assertThat(apiOnly.bundles()).containsExactlyInAnyOrder(apiOnly.bundle("quic-registry-support"), api);
            assertThat(api.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(importedPackages).containsExactly("dev.quicregistry.support");
            assertThat(apiOnly.loadClass("quic-registry-api", "dev.quicregistry.api.NamedQuicServer").getAnnotations())
                    .as("the qualifier's meta-annotations: those whose types are missing are skipped, not fatal")
                    .extracting(annotation -> annotation.annotationType().getName())
                    .containsExactlyInAnyOrder("java.lang.annotation.Retention", "java.lang.annotation.Target");
        }
    }

    @Test
    void theImplBundleIsWiredToTheApiBundle() {
        BundleWiring impl = osgi.bundle("quic-registry-impl").adapt(BundleWiring.class);

        assertThat(impl.getRequiredWires("osgi.wiring.package"))
                .filteredOn(wire -> "dev.quicregistry.api".equals(wire.getCapability().getAttributes().get("osgi.wiring.package")))
                .singleElement()
                .satisfies(wire -> assertThat(wire.getProvider().getSymbolicName()).isEqualTo("quic-registry-api"));
    }

    @Test
    void aBundleWithAnUnresolvedRequirementFailsWithTheRequirementInTheMessage() {
        byte[] broken = ProbeBundle.manifestOnly("test.broken", "com.example.nowhere;version=\"[3.0,4)\"");

        assertThatThrownBy(() -> osgi.installAndStart("test:broken", broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("test.broken 1.0.0")
                .hasMessageContaining("did not resolve")
                .hasMessageContaining("osgi.wiring.package")
                .hasMessageContaining("com.example.nowhere");
    }
}
