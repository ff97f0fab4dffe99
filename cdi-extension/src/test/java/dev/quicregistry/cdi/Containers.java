package dev.quicregistry.cdi;

import dev.quicregistry.testing.LogCapture;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

/**
 * Starts real CDI SE containers the way an application without beans.xml does: discovery off, the
 * extension and its classes added. The build runs this module's suite once per implementation
 * (system property {@code quic.cdi.container}: {@code weld}, the default, or {@code openwebbeans}),
 * with only that implementation on the test class path.
 */
final class Containers {

    /** The implementation this run tests. */
    static final CdiImplementation IMPLEMENTATION = CdiImplementation.named(System.getProperty("quic.cdi.container", "weld"));

    private Containers() {
    }

    /** A container with {@code extension} and {@code beanClasses} only. */
    static SeContainer start(QuicRegistryExtension extension, Class<?>... beanClasses) {
        return initializer(extension, beanClasses).initialize();
    }

    /** A container with a new extension and {@code beanClasses} only. */
    static SeContainer start(Class<?>... beanClasses) {
        return start(new QuicRegistryExtension(), beanClasses);
    }

    /** The configuration {@link #start} initializes. */
    static SeContainerInitializer initializer(QuicRegistryExtension extension, Class<?>... beanClasses) {
        return IMPLEMENTATION.newInitializer()
                .disableDiscovery()
                .addExtensions(extension)
                .addBeanClasses(beanClasses);
    }

    /**
     * Initializes {@code initializer}, which the test expects to fail, and returns what it threw and
     * logged; afterwards no container of it is left running (OpenWebBeans 4.0.3 leaves a failed boot
     * registered for the class loader, so the next boot would fail: that is cleared here).
     */
    static BootFailure failedBoot(SeContainerInitializer initializer) {
        try (LogCapture log = LogCapture.under(IMPLEMENTATION.loggerName())) {
            try {
                initializer.initialize().close();
            } catch (RuntimeException expected) {
                IMPLEMENTATION.forgetFailedBoot();
                return new BootFailure(expected, log.warningTexts());
            }
        }
        throw new AssertionError("the container started, but the test expected its deployment to fail");
    }

    /** {@link #failedBoot} of a container with {@code extension} and {@code beanClasses}. */
    static BootFailure failedBoot(QuicRegistryExtension extension, Class<?>... beanClasses) {
        return failedBoot(initializer(extension, beanClasses));
    }

    /** {@link #failedBoot} of a container with a new extension and {@code beanClasses}. */
    static BootFailure failedBoot(Class<?>... beanClasses) {
        return failedBoot(new QuicRegistryExtension(), beanClasses);
    }

    /** Whether a container of this run's implementation still runs in this JVM (for this class loader). */
    static boolean anyRunning() {
        return IMPLEMENTATION.anyRunning();
    }
}
