package dev.quicregistry.quarkusapp;

import dev.quicregistry.testing.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** PEM certificate files made for the test run, given to the application as configuration (as a user's files would be). */
public class CertificateFiles implements QuarkusTestResourceLifecycleManager {

    static volatile TestCertificates certificates;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("quarkus-app-certificates");
            certificates = TestCertificates.writeTo(dir);
        } catch (Exception e) {
            throw new IllegalStateException("could not write the test certificates", e);
        }
        return Map.of("quic.server.echo.cert", certificates.certificateChainPem().toString(),
                "quic.server.echo.key", certificates.privateKeyPem().toString());
    }

    @Override
    public void stop() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
