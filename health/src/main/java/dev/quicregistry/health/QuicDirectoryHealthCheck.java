package dev.quicregistry.health;

import dev.quicregistry.api.QuicServerDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code quic-directory}: UP while the cluster directory is connected to its
 * coordination service ({@link QuicServerDirectory#isConnected()}), with the number of names it
 * knows ({@code names}). Present only where a directory is configured.
 */
@Readiness
@ApplicationScoped
public class QuicDirectoryHealthCheck implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "quic-directory";

    @Inject
    QuicServerDirectory directory;

    /** Created by the container. */
    public QuicDirectoryHealthCheck() {
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(directory.isConnected())
                .withData("connected", directory.isConnected())
                .withData("names", directory.names().size())
                .build();
    }
}
