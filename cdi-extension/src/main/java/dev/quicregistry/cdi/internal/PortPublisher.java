package dev.quicregistry.cdi.internal;

import java.lang.System.Logger.Level;

/** Where the port a server really bound is made known beyond the registry (for the extension: configuration). */
public interface PortPublisher {

    /** Makes {@code port} known as server {@code name}'s bound port. */
    public void publish(String name, int port);

    /** Withdraws what this publisher published for {@code name}; a no-op where nothing is. */
    public void withdraw(String name);

    /**
     * A publisher into MicroProfile Config ({@code quic.server.<name>.bound-port}); where the
     * MicroProfile Config API is not on the class path, one that publishes nowhere (a container with
     * servers then fails its deployment with a message that says so, see the extension).
     */
    public static PortPublisher toConfiguration() {
        try {
            return BoundPortConfigSource.newPublisher();
        } catch (LinkageError noConfigApi) {
            System.getLogger(PortPublisher.class.getName()).log(Level.DEBUG,
                    "no MicroProfile Config API: bound ports are not published", noConfigApi);
            return new PortPublisher() {
                @Override
                public void publish(String name, int port) {
                }

                @Override
                public void withdraw(String name) {
                }
            };
        }
    }
}
