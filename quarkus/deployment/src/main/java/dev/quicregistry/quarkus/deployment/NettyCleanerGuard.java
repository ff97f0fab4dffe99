package dev.quicregistry.quarkus.deployment;

import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Keeps Netty 4.2's {@code io.netty.util.internal.CleanerJava9} as Netty wrote it. Quarkus 3's
 * Netty support rewrites that class for Netty 4.1 (a new static initialiser, its {@code Method}
 * field swapped): against Netty 4.2, whose field is a {@code MethodHandle}, the rewrite leaves
 * {@code INVOKE_CLEANER} null, and the first direct buffer Netty frees (loading a PEM
 * certificate, say) throws a {@code NullPointerException}. Where the application's Netty is 4.2,
 * this transformer runs last on that class and writes Netty's own bytes instead of the rewrite.
 * Where it is 4.1 (no quic-registry-netty, or Quarkus' own Netty), it does nothing.
 */
final class NettyCleanerGuard {

    static final String CLEANER = "io.netty.util.internal.CleanerJava9";
    /** A class only Netty 4.2 has: the application runs Netty 4.2 when it is on the class path. */
    private static final String NETTY_42_ONLY = "io/netty/util/internal/CleanerJava24Linker.class";

    private NettyCleanerGuard() {
    }

    /** The transformer, where the application's Netty is 4.2. */
    static Optional<BytecodeTransformerBuildItem> transformer() {
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        if (application.getResource(NETTY_42_ONLY) == null) {
            return Optional.empty();
        }
        byte[] original = bytesOf(application, CLEANER.replace('.', '/') + ".class");
        if (original == null) {
            return Optional.empty();
        }
        return Optional.of(new BytecodeTransformerBuildItem.Builder()
                .setClassToTransform(CLEANER)
                .setPriority(Integer.MIN_VALUE) // the lowest runs last, next to the class writer: it sees every rewrite
                .setCacheable(true)
                .setVisitorFunction((name, writer) -> new WritesOriginal(writer, original))
                .build());
    }

    private static byte[] bytesOf(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource + " from the application's class path", e);
        }
    }

    /**
     * Writes {@code original} to {@code writer} instead of the class it is given, which it lets a
     * writer of its own take and throws away (a rewrite may go on writing into what it gets).
     */
    private static final class WritesOriginal extends ClassVisitor {
        private final ClassVisitor writer;
        private final byte[] original;

        WritesOriginal(ClassVisitor writer, byte[] original) {
            super(Opcodes.ASM9, new ClassWriter(0));
            this.writer = writer;
            this.original = original;
        }

        @Override
        public void visitEnd() {
            new ClassReader(original).accept(writer, 0);
        }
    }
}
