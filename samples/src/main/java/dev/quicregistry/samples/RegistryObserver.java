package dev.quicregistry.samples;

import dev.quicregistry.api.ServerRegistered;
import dev.quicregistry.api.ServerUnregistered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * A CDI observer of the registry's server events, printing each one as it happens. Without a
 * qualifier it sees every server; {@code @Observes @NamedQuicServer("echo") ServerRegistered} would
 * see one.
 */
@ApplicationScoped
class RegistryObserver {

    @Inject
    Console console;

    void registered(@Observes ServerRegistered event) {
        console.line("[observer] ServerRegistered    '" + event.server().name() + "' on port " + event.server().port());
    }

    void unregistered(@Observes ServerUnregistered event) {
        console.line("[observer] ServerUnregistered  '" + event.server().name() + "' (" + event.reason() + ")");
    }
}
