package dev.quicregistry.osgitests;

import dev.quicregistry.osgitests.nettyprobe.EchoServerActivator;
import dev.quicregistry.osgitests.probe.RecordingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds, at test time, the small bundles the tests install next to the real ones: the probe (the
 * compiled classes of {@code dev.quicregistry.osgitests.probe}, importing the api), the Netty probe
 * (the classes of {@code dev.quicregistry.osgitests.nettyprobe}) and bundles with a chosen manifest. These are test fixtures, so their manifests are written here.
 */
final class ProbeBundle {

    static final String SYMBOLIC_NAME = "dev.quicregistry.osgitests.probe";
    static final String NETTY_SYMBOLIC_NAME = "dev.quicregistry.osgitests.nettyprobe";
    private static final String PACKAGE = RecordingListener.class.getPackageName();

    private ProbeBundle() {
    }

    /** The probe: the probe package's classes, wired to the api bundle's package and the server doubles. */
    static byte[] probe() {
        return jar(SYMBOLIC_NAME, Map.of("Import-Package", "dev.quicregistry.api;version=\"[1.0,2)\","
                + "dev.quicregistry.testing;version=\"[1.0,2)\""), classesOf(PACKAGE));
    }

    /**
     * The Netty probe: the classes of {@code dev.quicregistry.osgitests.nettyprobe}, whose activator
     * starts a real {@code NettyQuicServer} inside the framework. It imports what its classes use,
     * as bnd would compute it: the api, the netty binding, Netty's {@code ChannelHandler} (in the
     * signature of the builder's {@code streamHandler}) and the framework API.
     */
    static byte[] nettyProbe() {
        return jar(NETTY_SYMBOLIC_NAME, Map.of(
                "Bundle-Activator", EchoServerActivator.class.getName(),
                "Import-Package", String.join(",",
                        "dev.quicregistry.api;version=\"[1.0,2)\"",
                        "dev.quicregistry.netty;version=\"[2.0,3)\"",
                        "dev.quicregistry.netty.server;version=\"[1.0,2)\"",
                        "io.netty.channel;version=\"[4.2,5)\"",
                        "org.osgi.framework;version=\"[1.8,2)\"")),
                classesOf(EchoServerActivator.class.getPackageName()));
    }

    /** A bundle without classes whose only content is its manifest. */
    static byte[] manifestOnly(String symbolicName, String importPackage) {
        return jar(symbolicName, Map.of("Import-Package", importPackage), List.of());
    }

    private static List<Path> classesOf(String packageName) {
        Path directory = testClasses().resolve(packageName.replace('.', '/'));
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static byte[] jar(String symbolicName, Map<String, String> headers, List<Path> classes) {
        Path root = testClasses();
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        headers.forEach(main::putValue);
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
            return Path.of(RecordingListener.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
