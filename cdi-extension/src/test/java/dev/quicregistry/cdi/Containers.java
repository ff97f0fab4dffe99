package dev.quicregistry.cdi;

import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Starts real Weld SE containers the way an application without beans.xml does: discovery off, its classes added. */
final class Containers {

    private static final AtomicInteger IDS = new AtomicInteger();

    private Containers() {
    }

    /** A container with {@code extension} and {@code beanClasses} only. */
    static WeldContainer start(QuicRegistryExtension extension, Class<?>... beanClasses) {
        return weld(extension, beanClasses).initialize();
    }

    /** A container with a new extension and {@code beanClasses} only. */
    static WeldContainer start(Class<?>... beanClasses) {
        return start(new QuicRegistryExtension(), beanClasses);
    }

    /** The Weld configuration {@link #start} initializes. */
    static Weld weld(QuicRegistryExtension extension, Class<?>... beanClasses) {
        return new Weld("quic-registry-test-" + IDS.incrementAndGet())
                .disableDiscovery()
                .addExtension(extension)
                .addBeanClasses(beanClasses);
    }
}
