package dev.quicregistry.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Writes and compiles, at benchmark set-up, one class with {@code count} producer methods of
 * {@link dev.quicregistry.testing.UdpTestServer}s, with or without {@code @NamedQuicServer}: a container with 1000 servers
 * needs 1000 distinct beans, which no hand-written source should hold.
 */
final class GeneratedBeans {

    private GeneratedBeans() {
    }

    /** The compiled class, written into {@code dir} and loaded by a new class loader under this one. */
    static Class<?> producers(Path dir, String simpleName, int count, boolean qualified) {
        try {
            Path source = dir.resolve(simpleName + ".java");
            Files.writeString(source, source(simpleName, count, qualified), StandardCharsets.UTF_8);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("the container-start benchmark compiles its beans: run it on a JDK, not a JRE");
            }
            int exit = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                    "-d", dir.toString(), source.toString());
            if (exit != 0) {
                throw new IllegalStateException("javac failed (" + exit + ") on " + source);
            }
            URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, GeneratedBeans.class.getClassLoader());
            return loader.loadClass("generated." + simpleName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names the qualified producers use: {@code s0 .. s(count-1)}. */
    static List<String> names(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "s" + i).toList();
    }

    private static String source(String simpleName, int count, boolean qualified) {
        StringBuilder java = new StringBuilder()
                .append("package generated;\n")
                .append("import jakarta.enterprise.context.ApplicationScoped;\n")
                .append("import jakarta.enterprise.inject.Produces;\n")
                .append("@ApplicationScoped public class ").append(simpleName).append(" {\n");
        for (String name : names(count)) {
            java.append("  @Produces @ApplicationScoped ");
            if (qualified) {
                java.append("@dev.quicregistry.api.NamedQuicServer(\"").append(name).append("\") ");
            }
            java.append("dev.quicregistry.api.QuicServer ").append(name)
                    .append("() { return new dev.quicregistry.testing.UdpTestServer(); }\n");
        }
        return java.append("}\n").toString();
    }
}
