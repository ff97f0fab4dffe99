package dev.quicregistry.samples;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Hands what the sample made before the container to the container as beans: the {@link Console}
 * observers print to, and the {@link SampleCertificate} the servers present.
 */
final class SampleBeans implements Extension {

    private final Console console;
    private final SampleCertificate certificate;

    SampleBeans(Console console, SampleCertificate certificate) {
        this.console = Objects.requireNonNull(console, "console must not be null");
        this.certificate = Objects.requireNonNull(certificate, "certificate must not be null");
    }

    void addBeans(@Observes AfterBeanDiscovery event) {
        event.addBean()
                .types(Console.class, Object.class)
                .scope(Singleton.class)
                .beanClass(Console.class)
                .createWith(context -> console);
        event.addBean()
                .types(SampleCertificate.class, Object.class)
                .scope(Singleton.class)
                .beanClass(SampleCertificate.class)
                .createWith(context -> certificate);
    }
}
