package dev.quicregistry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A new directory under {@code java.io.tmpdir} for what a benchmark or a test's resource writes
 * (certificates, sources, logs), deleted with everything in it when closed; for code that cannot
 * use JUnit's {@code @TempDir} (a JMH state, a Quarkus test resource, a {@code main}). Only
 * {@link #create} makes one, so closing never deletes a directory it did not make.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /** Makes a new directory whose name begins with {@code prefix}. */
    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a directory " + prefix + "* under "
                    + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /**
     * Deletes the directory and everything in it, deepest first, without following symbolic links
     * (a link is deleted, not what it points to). What is gone already is no failure, so closing
     * twice is harmless.
     */
    @Override
    public void close() {
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                    if (failure instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw failure;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    if (failure != null && !(failure instanceof NoSuchFileException)) {
                        throw failure;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
