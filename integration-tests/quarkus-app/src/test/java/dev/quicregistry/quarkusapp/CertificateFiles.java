package dev.quicregistry.quarkusapp;

import dev.quicregistry.testing.ScratchDirectory;
import dev.quicregistry.testing.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** PEM certificate files made for the test run, given to the application as configuration (as a user's files would be). */
public class CertificateFiles implements QuarkusTestResourceLifecycleManager {

    static volatile TestCertificates certificates;
    private ScratchDirectory dir;

    @Override
    public Map<String, String> start() {
        dir = ScratchDirectory.create("quarkus-app-certificates");
        try {
            certificates = TestCertificates.writeTo(dir.path());
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("could not write the test certificates", e);
            try {
                dir.close();
            } catch (RuntimeException notDeleted) {
                failure.addSuppressed(notDeleted);
            }
            throw failure;
        }
        return Map.of("quic.server.echo.cert", certificates.certificateChainPem().toString(),
                "quic.server.echo.key", certificates.privateKeyPem().toString());
    }

    @Override
    public void stop() {
        if (dir != null) {
            dir.close();
        }
    }
}
