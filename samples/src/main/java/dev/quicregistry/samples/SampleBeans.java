package dev.quicregistry.samples;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import java.util.Objects;

/** Hands the sample's {@link Console} to the container as a bean, so observers can print to it. */
final class ConsoleExtension implements Extension {

    private final Console console;

    ConsoleExtension(Console console) {
        this.console = Objects.requireNonNull(console, "console must not be null");
    }

    void addConsole(@Observes AfterBeanDiscovery event) {
        event.addBean()
                .types(Console.class, Object.class)
                .scope(Singleton.class)
                .beanClass(ConsoleExtension.class)
                .createWith(context -> console);
    }
}
