package dev.quicregistry.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Turns a Java snippet of the docs into a compilation unit and compiles it against the test class
 * path (every module a user compiles against). A snippet is a whole file (it has a
 * {@code package}), top-level types, members of a class, or statements; it may use the usual
 * imports (below) and what its page says it is given ({@link Snippet#given()}: variables such as
 * {@code QuicServerRegistry servers}, a type such as {@code class Servers {}}, a superclass as
 * {@code extends ChannelInboundHandlerAdapter}). {@code ...} stands for the reader's own code.
 */
final class JavaSnippets {

    /** What a reader of the docs imports without being told. */
    static final List<String> IMPORTS = List.of("dev.quicregistry.api.*", "dev.quicregistry.impl.*", "dev.quicregistry.cdi.*",
            "dev.quicregistry.netty.*", "dev.quicregistry.netty.server.*", "dev.quicregistry.netty.client.*",
            "dev.quicregistry.reconnect.*", "dev.quicregistry.zookeeper.*", "dev.quicregistry.micrometer.*",
            "dev.quicregistry.websocket.*", "java.time.*", "java.util.*", "java.util.concurrent.*", "java.net.*",
            "java.io.IOException", "java.nio.file.*", "java.nio.charset.*", "jakarta.inject.*", "jakarta.enterprise.context.*",
            "jakarta.enterprise.event.*", "jakarta.enterprise.inject.*", "jakarta.enterprise.inject.se.*",
            "org.jboss.weld.environment.se.*", "io.netty.channel.*", "io.netty.handler.codec.quic.*",
            "io.micrometer.core.instrument.MeterRegistry", "org.osgi.framework.*", "org.osgi.service.component.annotations.*",
            "static java.nio.charset.StandardCharsets.UTF_8");

    private static final Pattern TYPE = Pattern.compile("^(public |final |abstract |sealed )*(class|record|interface|enum|@interface) (\\w+)",
            Pattern.MULTILINE);
    private static final Pattern MEMBER = Pattern.compile("\\A\\s*(@[\\w.]+(\\([^)]*\\))?\\s*)*(public |protected |private |static "
            + "|final |abstract |synchronized |default )*[\\w.<>\\[\\]?, ]+\\s+\\w+\\s*\\([^;{]*\\)\\s*(throws [\\w., ]+)?\\s*\\{");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    private JavaSnippets() {
    }

    /** The source a snippet compiles as; its file name is {@link #fileNameOf}. */
    static String sourceOf(Snippet snippet, String className) {
        String code = snippet.text()
                .replaceAll("\\{ \\.\\.\\. }", "{ throw new UnsupportedOperationException(); }")
                .replaceAll("(?m)^(\\s*)\\.\\.\\.\\s*$", "$1throw new UnsupportedOperationException();");
        if (PACKAGE.matcher(code).find()) {
            return code;
        }
        List<String> parameters = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> imports = new ArrayList<>(IMPORTS);
        String superclass = "";
        for (String given : snippet.given()) {
            if (TYPE.matcher(given).find()) {
                types.add(given);
            } else if (given.startsWith("extends ")) {
                superclass = " " + given;
            } else if (given.startsWith("import ")) {
                imports.add(given.substring("import ".length()));
            } else {
                parameters.add(given);
            }
        }
        StringBuilder source = new StringBuilder();
        imports.forEach(imported -> source.append("import ").append(imported).append(";\n"));
        source.append('\n');
        if (TYPE.matcher(code).find()) {
            source.append(code).append('\n');
        } else if (MEMBER.matcher(code).find()) {
            source.append("class ").append(className).append(superclass).append(" {\n");
            parameters.forEach(field -> source.append("    ").append(field).append(";\n"));
            source.append(code).append("\n}\n");
        } else {
            source.append("class ").append(className).append(superclass).append(" {\n    void snippet(")
                    .append(String.join(", ", parameters)).append(") throws Exception {\n").append(code).append("\n    }\n}\n");
        }
        types.forEach(type -> source.append(type).append('\n'));
        return source.toString();
    }

    /** The file a source must be in: named after its public type, in its package's folder. */
    static String fileNameOf(String source, String className) {
        Matcher pkg = PACKAGE.matcher(source);
        String folder = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
        Matcher type = Pattern.compile("^public (final |abstract |sealed )*(class|record|interface|enum) (\\w+)", Pattern.MULTILINE)
                .matcher(source);
        return folder + (type.find() ? type.group(3) : className) + ".java";
    }

    /** Compiles {@code source} into {@code output}; the errors, each with its line of the generated source; empty where none. */
    static String errorsOf(String source, String fileName, Path output) throws Exception {
        Path file = output.resolve("src").resolve(fileName);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Files.createDirectories(output.resolve("classes"));
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:none", "-classpath", classPath,
                    "-d", output.resolve("classes").toString());
            compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file)).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
    }
}
