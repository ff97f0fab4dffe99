package dev.quicregistry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A new directory under {@code java.io.tmpdir} for what a benchmark or a test's resource writes
 * (certificates, sources, logs), deleted with everything in it when closed; for code that cannot
 * use JUnit's {@code @TempDir} (a JMH state, a Quarkus test resource, a {@code main}).
 *
 * @param path the directory
 */
public record ScratchDirectory(Path path) implements AutoCloseable {

    /** Makes a new directory whose name begins with {@code prefix}. */
    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a directory " + prefix + "* under "
                    + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** Deletes the directory and everything in it, deepest first; a file already gone is no failure. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(ScratchDirectory::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }
}
