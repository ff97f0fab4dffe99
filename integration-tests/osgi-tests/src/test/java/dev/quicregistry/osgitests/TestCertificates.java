package dev.quicregistry.osgitests;

import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A server certificate for localhost and 127.0.0.1 issued by a test CA, written as the PEM files an
 * operator would hand to a server (chain and PKCS#8 key), plus the CA certificate a client trusts.
 */
record TestCertificates(Path certificateChainPem, Path privateKeyPem, X509Certificate authority) {

    static TestCertificates writeTo(Path directory) throws Exception {
        X509Bundle authority = new CertificateBuilder()
                .subject("CN=quic-registry osgi-tests CA")
                .setIsCertificateAuthority(true)
                .setKeyUsage(true, KeyUsage.keyCertSign, KeyUsage.cRLSign)
                .ecp256()
                .buildSelfSigned();
        X509Bundle server = new CertificateBuilder()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .setKeyUsage(true, KeyUsage.digitalSignature)
                .addExtendedKeyUsageServerAuth()
                .ecp256()
                .buildIssuedBy(authority);
        return new TestCertificates(
                Files.writeString(directory.resolve("server-chain.pem"), server.getCertificatePathPEM()),
                Files.writeString(directory.resolve("server-key.pem"), server.getPrivateKeyPEM()),
                authority.getCertificate());
    }
}
