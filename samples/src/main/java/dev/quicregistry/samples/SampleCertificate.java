package dev.quicregistry.samples;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;

/**
 * A self-signed certificate for {@code localhost}, made once and written as PEM files, so that a
 * server and its restarted successor present the same certificate and a client trusts exactly it
 * (with host name verification) instead of trusting anything.
 *
 * @param certificatePem the certificate: what the server presents and the client trusts
 * @param privateKeyPem its PKCS#8 private key
 */
record SampleCertificate(Path certificatePem, Path privateKeyPem) implements AutoCloseable {

    /** Generates the certificate; without BouncyCastle Netty runs keytool for it, which takes a few seconds. */
    @SuppressWarnings("deprecation") // Netty's only generator without BouncyCastle; fine for a sample
    static SampleCertificate generate() throws CertificateException {
        SelfSignedCertificate generated = new SelfSignedCertificate("localhost", "EC", 256);
        return new SampleCertificate(generated.certificate().toPath(), generated.privateKey().toPath());
    }

    /** Deletes the files. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(certificatePem);
            Files.deleteIfExists(privateKeyPem);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the sample certificate " + certificatePem, e);
        }
    }
}
