package dev.quicregistry.samples;

import dev.quicregistry.api.ConnectionRegistry;
import dev.quicregistry.api.QuicServerRegistry;
import jakarta.enterprise.inject.se.SeContainer;
import java.time.Duration;

/**
 * What every step works with: the running container, its two registries, the console, and the
 * certificate every server of the sample presents and every client trusts.
 *
 * @param timeout bounds every network wait of a step
 */
record SampleContext(SeContainer container, QuicServerRegistry servers, ConnectionRegistry connections,
        Console console, SampleCertificate certificate, Duration timeout) {

    /** The registry table printer for this context. */
    RegistryPrinter printer() {
        return new RegistryPrinter(servers, console);
    }
}
