package dev.quicregistry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void closingDeletesALinkButNotWhatItPointsTo(@TempDir Path elsewhere) throws Exception {
        Path kept = Files.writeString(elsewhere.resolve("kept.txt"), "not the scratch directory's");
        Files.createDirectories(elsewhere.resolve("kept-folder").resolve("inside"));
        ScratchDirectory scratch = ScratchDirectory.create("scratch-test");
        Files.createSymbolicLink(scratch.path().resolve("to-file"), kept);
        Files.createSymbolicLink(scratch.path().resolve("to-folder"), elsewhere.resolve("kept-folder"));

        scratch.close();

        assertThat(scratch.path()).doesNotExist();
        assertThat(kept).hasContent("not the scratch directory's");
        assertThat(elsewhere.resolve("kept-folder").resolve("inside")).isDirectory();
    }

    @Test
    void closingAgainOrAfterTheDirectoryWentIsHarmless() throws Exception {
        ScratchDirectory scratch = ScratchDirectory.create("scratch-test");
        Files.writeString(scratch.path().resolve("a.txt"), "a");
        scratch.close();

        scratch.close();

        assertThat(scratch.path()).doesNotExist();
    }

    @Test
    void eachIsANewEmptyDirectoryUnderTheTemporaryDirectoryWithThePrefix() {
        try (ScratchDirectory first = ScratchDirectory.create("scratch-test");
                ScratchDirectory second = ScratchDirectory.create("scratch-test")) {
            assertThat(first.path()).isEmptyDirectory().isNotEqualTo(second.path());
            assertThat(second.path()).isEmptyDirectory();
            assertThat(first.path().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(first.path().getFileName().toString()).startsWith("scratch-test");
        }
    }

    @Test
    void theBuildKeepsTestJvmsTemporaryFilesInTheModulesTargetDirectory() {
        // the root pom's test.argLine: what ZooKeeper, Curator and the tests write must not pile up in /tmp
        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        assertThat(tmpdir.getFileName()).hasToString("target");
        assertThat(tmpdir.resolveSibling("pom.xml")).isRegularFile();
    }
}
