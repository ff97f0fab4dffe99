package dev.quicregistry.osgitests;

import dev.quicregistry.osgitests.probe.FakeQuicServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds, at test time, the small bundles the tests install next to the real ones: the probe (the
 * compiled classes of {@code dev.quicregistry.osgitests.probe}, importing the api) and bundles
 * with a chosen manifest. These are test fixtures, so their manifests are written here.
 */
final class ProbeBundle {

    static final String SYMBOLIC_NAME = "dev.quicregistry.osgitests.probe";
    private static final String PACKAGE = FakeQuicServer.class.getPackageName();

    private ProbeBundle() {
    }

    /** The probe: the probe package's classes, wired to the api bundle's package. */
    static byte[] probe() {
        Path root = testClasses();
        Path directory = root.resolve(PACKAGE.replace('.', '/'));
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> classes = files.filter(file -> file.toString().endsWith(".class")).sorted().collect(Collectors.toList());
            return jar(SYMBOLIC_NAME, "dev.quicregistry.api;version=\"[1.0,2)\"", root, classes);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** A bundle without classes whose only content is its manifest. */
    static byte[] manifestOnly(String symbolicName, String importPackage) {
        return jar(symbolicName, importPackage, testClasses(), List.of());
    }

    private static byte[] jar(String symbolicName, String importPackage, Path root, List<Path> classes) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", importPackage);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Path file : classes) {
                jar.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
        return bytes.toByteArray();
    }

    private static Path testClasses() {
        try {
            return Path.of(FakeQuicServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
