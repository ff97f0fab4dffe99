package dev.quicregistry.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md, followed literally: every file it shows is written where it says, into
 * a new folder outside this build, and the command it gives runs there, with Maven, against the
 * artifacts this build installed. The application must print its port and the echoed request.
 */
class GettingStartedIT {

    private static final Path PAGE = DocSnippetsTest.ROOT.resolve("docs/getting-started.md");
    private static final long BOUND_SECONDS = 600;

    @TempDir
    Path project;

    @BeforeEach
    void theNewProjectIsOutsideThisBuild() throws IOException {
        // a folder under this build would find its .mvn/ (Maven looks upwards): docs/testing.md, "Temporary files"
        Path build = DocSnippetsTest.ROOT.toRealPath();
        assertThat(project.toRealPath().startsWith(build)).as("the new project %s lies inside the build %s", project, build).isFalse();
    }

    @Test
    void theFirstApplicationBuildsAndRunsAsThePageShowsIt() throws Exception {
        List<Snippet> snippets = Snippet.of(PAGE);
        int otherContainers = otherContainersLine();
        List<String> written = writeFiles(snippets.stream().filter(snippet -> snippet.line() < otherContainers).toList());
        assertThat(written).containsExactly("pom.xml", "src/main/resources/META-INF/beans.xml",
                "src/main/resources/META-INF/microprofile-config.properties", "src/main/java/org/acme/EchoServer.java",
                "src/main/java/org/acme/Main.java");
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom).as("the versions the page gives are this build's")
                .contains("<version>" + System.getProperty("project.version") + "</version>")
                .contains("<version>" + System.getProperty("weld.version") + "</version>")
                .contains("<version>" + System.getProperty("smallrye-config.version") + "</version>");

        String output = run(command(snippets));

        assertThat(output).containsPattern("echo listens on port \\d+").contains("reply: hello");
    }

    @Test
    void theFirstApplicationRunsOnOpenWebBeansAsOtherContainersSays() throws Exception {
        List<Snippet> snippets = Snippet.of(PAGE);
        int otherContainers = otherContainersLine();
        writeFiles(snippets.stream().filter(snippet -> snippet.line() < otherContainers).toList());
        List<Snippet> other = snippets.stream().filter(snippet -> snippet.line() > otherContainers).toList();
        assertThat(writeFiles(other)).containsExactly("src/main/resources/META-INF/openwebbeans/openwebbeans.properties");
        String openWebBeans = other.stream().filter(snippet -> snippet.language().equals("xml")).findFirst().orElseThrow().text();
        Path pom = project.resolve("pom.xml");
        String weld = "(?s)\\s*<dependency>\\s*<groupId>org.jboss.weld.se</groupId>.*?</dependency>";
        String replaced = Files.readString(pom).replaceFirst(weld, java.util.regex.Matcher.quoteReplacement("\n" + openWebBeans));
        assertThat(replaced).doesNotContain("weld").contains("openwebbeans-se");
        Files.writeString(pom, replaced);

        String output = run(command(snippets));

        assertThat(output).containsPattern("echo listens on port \\d+").contains("reply: hello");
    }

    /** Writes the blocks that name their file where they say; the files written. */
    private List<String> writeFiles(List<Snippet> snippets) throws IOException {
        List<String> written = new ArrayList<>();
        for (Snippet snippet : snippets) {
            Optional<String> file = snippet.fileName();
            if (file.isPresent()) {
                Path target = project.resolve(file.get());
                Files.createDirectories(target.getParent());
                Files.writeString(target, snippet.text());
                written.add(file.get());
            }
        }
        return written;
    }

    private static int otherContainersLine() throws IOException {
        List<String> lines = Files.readAllLines(PAGE);
        return lines.indexOf("## Other containers") + 1;
    }

    private static String command(List<Snippet> snippets) {
        String command = snippets.stream().filter(snippet -> snippet.language().equals("sh")).findFirst().orElseThrow().text().strip();
        assertThat(command).startsWith("mvn ");
        return command;
    }

    /** Runs the page's Maven command in the new project with this build's Maven and local repository; its output. */
    private String run(String command) throws IOException, InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString());
        line.add("-B");
        line.add("-Dmaven.repo.local=" + System.getProperty("local.repository"));
        line.addAll(List.of(command.substring("mvn ".length()).split("\\s+")));
        Process maven = new ProcessBuilder(line).directory(project.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            if (!maven.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("'" + command + "' did not end within " + BOUND_SECONDS + " s");
            }
            String printed = output.get(10, TimeUnit.SECONDS);
            assertThat(maven.exitValue()).as("'%s' in the new project printed:%n%s", command, printed).isZero();
            return printed;
        } finally {
            maven.destroyForcibly();
        }
    }
}
