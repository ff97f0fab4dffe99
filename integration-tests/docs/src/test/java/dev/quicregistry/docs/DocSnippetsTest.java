package dev.quicregistry.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of README.md and docs/ compiles, and every properties snippet loads and says
 * only what the component reads: a snippet that rots fails here, named by its page and line.
 */
class DocSnippetsTest {

    static final Path ROOT = Path.of(System.getProperty("docs.root", "../.."));

    @TempDir
    Path output;

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompiles() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        int index = 0;
        for (Path page : Snippet.pages(ROOT)) {
            for (Snippet snippet : Snippet.of(page)) {
                if (snippet.language().equals("java")) {
                    String className = "Snippet" + index++;
                    tests.add(DynamicTest.dynamicTest(snippet.where(), () -> {
                        String source = JavaSnippets.sourceOf(snippet, className);
                        String errors = JavaSnippets.errorsOf(source, JavaSnippets.fileNameOf(source, className),
                                output.resolve(className));
                        assertThat(errors).as("the snippet at %s does not compile as%n%s", snippet.where(), numbered(source)).isEmpty();
                    }));
                }
            }
        }
        assertThat(tests).as("Java snippets found").hasSizeGreaterThan(20);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyPropertiesSnippetLoadsAndNamesOnlyKeysTheComponentReads() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : Snippet.pages(ROOT)) {
            for (Snippet snippet : Snippet.of(page)) {
                if (snippet.language().equals("properties")) {
                    tests.add(DynamicTest.dynamicTest(snippet.where(), () -> assertThat(PropertiesSnippets.problemsOf(snippet.text()))
                            .as("the properties at %s", snippet.where()).isEmpty()));
                }
            }
        }
        assertThat(tests).as("properties snippets found").hasSizeGreaterThan(5);
        return tests.stream();
    }

    /** Where a page names a version of an artifact this build manages, it is this build's. */
    @TestFactory
    Stream<DynamicTest> everyXmlSnippetGivesTheVersionsOfThisBuild() throws Exception {
        java.util.Map<String, String> managed = java.util.Map.of("quic-registry-bom", "project.version",
                "weld-se-core", "weld.version", "smallrye-config", "smallrye-config.version",
                "openwebbeans-se", "openwebbeans.version", "jakarta.enterprise.cdi-api", "cdi-api.version", "slf4j-jdk14", "slf4j.version", "quarkus-bom", "quarkus.version",
                "maven-compiler-plugin", "compiler.plugin.version", "exec-maven-plugin", "exec.plugin.version");
        java.util.regex.Pattern dependency = java.util.regex.Pattern.compile(
                "<artifactId>([^<]+)</artifactId>\\s*(<classifier>[^<]*</classifier>\\s*)?<version>([^<]+)</version>");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : Snippet.pages(ROOT)) {
            for (Snippet snippet : Snippet.of(page)) {
                java.util.regex.Matcher found = dependency.matcher(snippet.text());
                while (snippet.language().equals("xml") && found.find()) {
                    String artifact = found.group(1);
                    String version = found.group(3);
                    if (managed.containsKey(artifact)) {
                        tests.add(DynamicTest.dynamicTest(snippet.where() + " " + artifact, () -> assertThat(version)
                                .as("%s's version at %s", artifact, snippet.where())
                                .isEqualTo(System.getProperty(managed.get(artifact)))));
                    }
                }
            }
        }
        assertThat(tests).as("managed versions named in the docs").hasSizeGreaterThan(5);
        return tests.stream();
    }

    private static String numbered(String source) {
        String[] lines = source.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            out.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return out.toString();
    }
}
