package dev.quicregistry.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A server certificate for 127.0.0.1 and localhost issued by a test CA, written as PEM files the
 * way an operator hands them to a server, plus the CA certificate a client trusts (also as PEM).
 */
public record TestCertificates(Path certificateChainPem, Path privateKeyPem, X509Certificate trusted, Path trustedPem) {

    /** Issues a CA and a server certificate signed by it, and writes the PEM files into {@code directory}. */
    public static TestCertificates writeTo(Path directory) throws Exception {
        X509Bundle authority = new CertificateBuilder()
                .subject("CN=quic-registry test CA")
                .setIsCertificateAuthority(true)
                .setKeyUsage(true, KeyUsage.keyCertSign, KeyUsage.cRLSign)
                .ecp256()
                .buildSelfSigned();
        X509Bundle server = new CertificateBuilder()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                // keyEncipherment too: Kwik 0.10.8 checks every server chain with authType "RSA", and the
                // JDK's trust manager then insists on it, even for an EC key.
                .setKeyUsage(true, KeyUsage.digitalSignature, KeyUsage.keyEncipherment)
                .addExtendedKeyUsageServerAuth()
                .ecp256()
                .buildIssuedBy(authority);
        Path cert = write(directory.resolve("server-chain.pem"), server.getCertificatePathPEM());
        Path key = write(directory.resolve("server-key.pem"), server.getPrivateKeyPEM());
        Path ca = write(directory.resolve("ca.pem"), authority.getCertificatePEM());
        return new TestCertificates(cert, key, authority.getCertificate(), ca);
    }

    private static Path write(Path file, String pem) throws IOException {
        return Files.writeString(file, pem);
    }
}
