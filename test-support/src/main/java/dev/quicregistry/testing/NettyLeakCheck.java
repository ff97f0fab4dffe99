package dev.quicregistry.testing;

import java.lang.System.Logger.Level;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class whose run made Netty report a leaked buffer: it records what Netty's
 * {@code ResourceLeakDetector} logs (java.util.logging, the backend Netty picks on these class
 * paths; inside an OSGi framework too, since the log manager is one per JVM) and, after the class,
 * provokes the reports of buffers collected meanwhile. Registered for every test class through the
 * service loader (JUnit's extension auto-detection, on in the parent pom together with
 * {@code io.netty.leakDetection.level=paranoid}); where Netty is not on the class path it does nothing.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final System.Logger LOG = System.getLogger(NettyLeakCheck.class.getName());
    private static final String DETECTOR = "io.netty.util.ResourceLeakDetector";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NettyLeakCheck.class);
    /** Rounds of garbage collection and allocation that give the detector its chance to report, at most. */
    private static final int ROUNDS = 5;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!nettyPresent() || PitTestListing.onlyListing()) {
            return; // nothing runs while PIT only lists the tests
        }
        LOG.log(Level.DEBUG, () -> "Netty leak detection level: " + System.getProperty("io.netty.leakDetection.level"));
        context.getStore(NAMESPACE).put(LogCapture.class, LogCapture.under(DETECTOR));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LogCapture capture = context.getStore(NAMESPACE).remove(LogCapture.class, LogCapture.class);
        if (capture == null) {
            return;
        }
        try {
            for (int round = 0; round < ROUNDS && leaks(capture).isEmpty(); round++) {
                System.gc();
                Allocations.allocateAndRelease();
            }
            List<String> leaks = leaks(capture);
            if (!leaks.isEmpty()) {
                throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during "
                        + context.getDisplayName() + ":\n" + String.join("\n", leaks));
            }
        } finally {
            capture.close();
        }
    }

    private static List<String> leaks(LogCapture capture) {
        return capture.errors().stream().filter(message -> message != null && message.contains("LEAK:")).toList();
    }

    private static boolean nettyPresent() {
        try {
            Class.forName(DETECTOR, false, NettyLeakCheck.class.getClassLoader());
            Class.forName("io.netty.buffer.ByteBufAllocator", false, NettyLeakCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    /** Kept apart so that this class links without Netty: the detector reports when it tracks a new buffer. */
    private static final class Allocations {
        static void allocateAndRelease() {
            for (int i = 0; i < 16; i++) {
                io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(1).release();
                io.netty.buffer.ByteBufAllocator.DEFAULT.heapBuffer(1).release();
            }
        }
    }
}
