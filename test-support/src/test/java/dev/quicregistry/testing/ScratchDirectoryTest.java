package dev.quicregistry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirectoryTest {

    @Test
    void closingDeletesTheDirectoryAndEverythingInIt() throws Exception {
        ScratchDirectory scratch = ScratchDirectory.create("scratch-test");
        Path nested = Files.createDirectories(scratch.path().resolve("certificates").resolve("deeper"));
        Files.writeString(nested.resolve("ca.pem"), "not a certificate");
        Files.writeString(scratch.path().resolve("server.log"), "a line");

        scratch.close();

        assertThat(scratch.path()).doesNotExist();
    }

    @Test
    void theDirectoryIsNewAndUnderTheTemporaryDirectoryWithThePrefix() {
        try (ScratchDirectory scratch = ScratchDirectory.create("scratch-test")) {
            assertThat(scratch.path()).isEmptyDirectory();
            assertThat(scratch.path().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(scratch.path().getFileName().toString()).startsWith("scratch-test");
        }
    }

    @Test
    void theBuildKeepsTestJvmsTemporaryFilesInTheModulesTargetDirectory() {
        // the parent pom's test.tmpdir: what ZooKeeper, Lincheck and the tests write must not pile up in /tmp
        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        assertThat(tmpdir.getFileName()).hasToString("target");
        assertThat(tmpdir.resolveSibling("pom.xml")).isRegularFile();
    }
}
