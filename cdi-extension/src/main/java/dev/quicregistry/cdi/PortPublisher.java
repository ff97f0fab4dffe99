package dev.quicregistry.cdi;

/** Where the port a server really bound is made known beyond the registry (for the extension: configuration). */
interface PortPublisher {

    /** Makes {@code port} known as server {@code name}'s bound port. */
    void publish(String name, int port);

    /** Withdraws what this publisher published for {@code name}; a no-op where nothing is. */
    void withdraw(String name);
}
