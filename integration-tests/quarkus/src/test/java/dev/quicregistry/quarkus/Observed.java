package dev.quicregistry.quarkus;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.RegistryEvent;
import dev.quicregistry.api.ServerDraining;
import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the application's observers saw: sync and async, with and without the qualifier. Read
 * through its methods: an injected reference is a client proxy, whose own fields are empty.
 */
@ApplicationScoped
public class Observed {

    private final List<String> all = new CopyOnWriteArrayList<>();
    private final List<String> alphaOnly = new CopyOnWriteArrayList<>();
    private final List<String> async = new CopyOnWriteArrayList<>();
    private final List<String> asyncAlphaOnly = new CopyOnWriteArrayList<>();
    private final List<String> boundPortAtAlphaStart = new CopyOnWriteArrayList<>();

    List<String> all() {
        return all;
    }

    List<String> alphaOnly() {
        return alphaOnly;
    }

    List<String> async() {
        return async;
    }

    List<String> asyncAlphaOnly() {
        return asyncAlphaOnly;
    }

    List<String> boundPortAtAlphaStart() {
        return boundPortAtAlphaStart;
    }

    void first(@Observes @Priority(1) @NamedQuicServer("alpha") ServerRegistered event) {
        boundPortAtAlphaStart.add(event.server().port() + "=" + ConfigProvider.getConfig()
                .getOptionalValue("quic.server.alpha.bound-port", String.class).orElse("absent"));
    }

    void all(@Observes RegistryEvent event) {
        all.add(describe(event));
        // read by the launch tests from the application's output
        System.out.println("observed: " + describe(event));
        if (event instanceof ServerRegistered registered) {
            System.out.println("bound: " + registered.server().port());
        }
        if (event instanceof ServerUnregistered unregistered) {
            System.out.println("reason: " + unregistered.server().name() + " " + unregistered.reason());
        }
    }

    void alphaOnly(@Observes @NamedQuicServer("alpha") RegistryEvent event) {
        alphaOnly.add(describe(event));
    }

    void async(@ObservesAsync RegistryEvent event) {
        async.add(describe(event));
    }

    void asyncAlphaOnly(@ObservesAsync @NamedQuicServer("alpha") RegistryEvent event) {
        asyncAlphaOnly.add(describe(event));
    }

    static String describe(RegistryEvent event) {
        if (event instanceof ServerRegistered registered) {
            return "registered " + registered.server().name();
        }
        if (event instanceof ServerUnregistered unregistered) {
            return "unregistered " + unregistered.server().name();
        }
        if (event instanceof ServerDraining draining) {
            return "draining " + draining.server().name();
        }
        return event.getClass().getSimpleName();
    }
}
