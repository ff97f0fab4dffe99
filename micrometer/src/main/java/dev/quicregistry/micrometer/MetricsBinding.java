package dev.quicregistry.micrometer;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.QuicServerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.lang.System.Logger.Level;

/**
 * Binds {@link QuicRegistryMetrics} of the container's registries to its {@code MeterRegistry}
 * bean, where it has one, when the application starts: before the servers start, so their
 * registrations are counted too. Added by {@link MetricsExtension}; the application writes nothing.
 */
@ApplicationScoped
public class MetricsBinding {

    private static final System.Logger LOG = System.getLogger(MetricsBinding.class.getName());

    private QuicRegistryMetrics metrics;

    /** Created by the container. */
    public MetricsBinding() {
    }

    void bind(@Observes @Initialized(ApplicationScoped.class) @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) Object started,
              Instance<MeterRegistry> meterRegistries, QuicServerRegistry servers, ConnectionRegistry connections) {
        if (!meterRegistries.isResolvable()) {
            LOG.log(Level.DEBUG, "no MeterRegistry bean: quic-registry's meters are not bound (bind QuicRegistryMetrics by hand)");
            return;
        }
        metrics = new QuicRegistryMetrics(servers, connections);
        metrics.bindTo(meterRegistries.get());
    }

    /** The binder, once bound: for tracking reconnecting clients ({@link QuicRegistryMetrics#track}). */
    public QuicRegistryMetrics metrics() {
        if (metrics == null) {
            throw new IllegalStateException("not bound: the container has no MeterRegistry bean, or has not started");
        }
        return metrics;
    }

    @PreDestroy
    void unbind() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
