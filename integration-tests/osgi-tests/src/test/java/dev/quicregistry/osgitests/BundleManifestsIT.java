package dev.quicregistry.osgitests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The manifests bnd generated say what the contract needs: the api's package exported with its
 * semantic version, the implementation's public package exported and its private ones not. Read as
 * Felix parsed them (the revision's capabilities and requirements) and as written in the jars.
 *
 * <p>The tests only read, so they share one framework, booted once for the class;
 * {@link OsgiFramework#reset()} after each test checks that none changed it.
 */
@TestInstance(Lifecycle.PER_CLASS)
class BundleManifestsIT {

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
    void theApiExportsItsPackageAndTheSharedHelpersTheirsWithTheirSemanticVersions() {
        assertThat(exports("quic-registry-api")).containsExactly(Map.entry("dev.quicregistry.api", new Version(1, 3, 0)));
        assertThat(exports("quic-registry-support")).containsExactly(Map.entry("dev.quicregistry.support", new Version(1, 1, 0)));
    }

    @Test
    void theApiNeedsTheJakartaPackagesOnlyOptionally() {
        List<BundleRequirement> jakarta = packageImports("quic-registry-api").stream()
                .filter(requirement -> requirement.getDirectives().get("filter").contains("jakarta."))
                .collect(Collectors.toList());

        assertThat(jakarta).hasSize(2).allSatisfy(requirement ->
                assertThat(requirement.getDirectives()).containsEntry("resolution", "optional"));
    }

    @Test
    void theImplAndTheReconnectionEngineExportTheirPackagesAndTheOsgiBundleExportsNothing() {
        assertThat(exports("quic-registry-impl")).containsExactly(Map.entry("dev.quicregistry.impl", new Version(1, 1, 0)));
        assertThat(exports("quic-registry-reconnect"))
                .containsExactly(Map.entry("dev.quicregistry.reconnect", new Version(1, 1, 0)));
        assertThat(exports("quic-registry-osgi")).isEmpty();
    }

    @Test
    void theNettyBindingExportsItsServerClientAndSharedPackagesButNotItsInternals() {
        assertThat(exports("quic-registry-netty")).containsOnly(
                Map.entry("dev.quicregistry.netty", new Version(2, 2, 0)),
                Map.entry("dev.quicregistry.netty.server", new Version(1, 1, 0)),
                Map.entry("dev.quicregistry.netty.client", new Version(1, 1, 0)));
    }

    @Test
    void theCdiExtensionAndTheWebSocketClientExportTheirPackages() {
        assertThat(exports("quic-registry-cdi")).containsExactly(Map.entry("dev.quicregistry.cdi", new Version(1, 1, 0)));
        assertThat(exports("quic-registry-websocket"))
                .containsExactly(Map.entry("dev.quicregistry.websocket", new Version(1, 0, 0)));
    }

    @Test
    void theImplImportsTheApiWithTheRangeOfAProvider() {
        assertThat(packageImports("quic-registry-impl"))
                .filteredOn(requirement -> requirement.getDirectives().get("filter").contains("(osgi.wiring.package=dev.quicregistry.api)"))
                .singleElement()
                .satisfies(requirement -> assertThat(requirement.getDirectives().get("filter"))
                        .contains("(version>=1.3.0)").contains("(!(version>=1.4.0))"));
    }

    @Test
    void everyExportedPackageHasClassesInItsBundle() {
        for (String symbolicName : List.of("quic-registry-support", "quic-registry-api", "quic-registry-impl", "quic-registry-reconnect",
                "quic-registry-cdi", "quic-registry-netty", "quic-registry-websocket")) {
            Bundle bundle = osgi.bundle(symbolicName);
            assertThat(exports(symbolicName).keySet()).allSatisfy(exported ->
                    assertThat(bundle.findEntries(exported.replace('.', '/'), "*.class", false))
                            .as(symbolicName + " exports " + exported + " but has no classes in it").isNotNull());
        }
    }

    @Test
    void theOsgiJarDeclaresTheComponentsAndKeepsTheirPackagePrivate() throws IOException {
        Attributes manifest = manifestOf("quic-registry-osgi");

        assertThat(manifest.getValue("Private-Package")).isEqualTo("dev.quicregistry.osgi");
        assertThat(manifest.getValue("Service-Component"))
                .contains("OSGI-INF/dev.quicregistry.osgi.QuicServerRegistryComponent.xml")
                .contains("OSGI-INF/dev.quicregistry.osgi.ConnectionRegistryComponent.xml");
        assertThat(manifest.getValue("Export-Package")).isNull();
        assertThat(manifestOf("quic-registry-impl").getValue("Service-Component"))
                .as("impl is the local registries and nothing else").isNull();
    }

    private Map<String, Version> exports(String symbolicName) {
        return osgi.bundle(symbolicName).adapt(BundleRevision.class).getDeclaredCapabilities("osgi.wiring.package").stream()
                .collect(Collectors.toMap(
                        capability -> (String) capability.getAttributes().get("osgi.wiring.package"),
                        BundleManifestsIT::version));
    }

    private static Version version(BundleCapability capability) {
        return (Version) capability.getAttributes().get("version");
    }

    private List<BundleRequirement> packageImports(String symbolicName) {
        return osgi.bundle(symbolicName).adapt(BundleRevision.class).getDeclaredRequirements("osgi.wiring.package");
    }

    private static Attributes manifestOf(String artifactId) throws IOException {
        Path jar = OsgiFramework.buildBundle(artifactId);
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes();
        }
    }
}
