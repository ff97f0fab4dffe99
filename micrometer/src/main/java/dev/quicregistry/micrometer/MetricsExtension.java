package dev.quicregistry.micrometer;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds {@link MetricsBinding} to a CDI application that has this jar, with or without bean
 * discovery (listed in {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}).
 */
public class MetricsExtension implements Extension {

    /** Created by the container. */
    public MetricsExtension() {
    }

    void addBinding(@Observes BeforeBeanDiscovery event, BeanManager beans) {
        event.addAnnotatedType(beans.createAnnotatedType(MetricsBinding.class), MetricsBinding.class.getName());
    }
}
