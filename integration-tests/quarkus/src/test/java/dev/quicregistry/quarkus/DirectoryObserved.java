package dev.quicregistry.quarkus;

import dev.quicregistry.api.DirectoryEvent;
import dev.quicregistry.api.EndpointAdded;
import dev.quicregistry.api.NamedQuicServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the application's observers of the cluster directory saw, with and without the qualifier. */
@ApplicationScoped
public class DirectoryObserved {

    private final List<String> all = new CopyOnWriteArrayList<>();
    private final List<String> alphaOnly = new CopyOnWriteArrayList<>();

    List<String> all() {
        return all;
    }

    List<String> alphaOnly() {
        return alphaOnly;
    }

    void all(@Observes DirectoryEvent event) {
        all.add(describe(event));
    }

    void alphaOnly(@Observes @NamedQuicServer("alpha") DirectoryEvent event) {
        alphaOnly.add(describe(event));
    }

    private static String describe(DirectoryEvent event) {
        return (event instanceof EndpointAdded ? "added " : "removed ") + event.endpoint().name() + ":" + event.endpoint().port();
    }
}
