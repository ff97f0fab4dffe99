package dev.quicregistry.netty.client;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which server certificates a {@link ReconnectingQuicClient} accepts: the JDK's default trust
 * store, the certificates of a PEM file or given ones, or (tests and samples only) any.
 */
sealed interface ClientTrust {

    /** The client's TLS 1.3 context: this trust, the ALPN, and host name verification unless insecure. */
    QuicSslContext sslContext(List<String> alpn);

    /** The JDK's default trust store (cacerts). */
    record SystemDefault() implements ClientTrust {
        @Override
        public QuicSslContext sslContext(List<String> alpn) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                return verifying(QuicSslContextBuilder.forClient().trustManager(factory), alpn);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's default trust store could not be loaded: " + e.getMessage(), e);
            }
        }
    }

    /** The certificates of a PEM file (a CA, or the server's own self-signed certificate). */
    record Pem(Path file) implements ClientTrust {
        /** Validates. */
        public Pem {
            Objects.requireNonNull(file, "file must not be null");
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("trusted certificates " + file + " is not valid: expected a readable PEM file ("
                        + (Files.exists(file) ? "it is not a readable regular file" : "it does not exist") + ")");
            }
        }

        @Override
        public QuicSslContext sslContext(List<String> alpn) {
            try {
                return verifying(QuicSslContextBuilder.forClient().trustManager(file.toFile()), alpn);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("trusted certificates " + file + " could not be loaded: expected PEM X.509"
                        + " certificates (-----BEGIN CERTIFICATE-----): " + e.getMessage(), e);
            }
        }
    }

    /** Given certificates. */
    record Certificates(List<X509Certificate> certificates) implements ClientTrust {
        /** Validates and copies. */
        public Certificates {
            certificates = List.copyOf(certificates);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no trusted certificates given: expected at least one");
            }
        }

        @Override
        public QuicSslContext sslContext(List<String> alpn) {
            return verifying(QuicSslContextBuilder.forClient().trustManager(certificates.toArray(X509Certificate[]::new)), alpn);
        }
    }

    /** Any certificate, no host name check: for tests and samples against self-signed servers only. */
    record InsecureTrustAll() implements ClientTrust {
        private static final System.Logger LOG = System.getLogger(ReconnectingQuicClient.class.getName());

        @Override
        public QuicSslContext sslContext(List<String> alpn) {
            LOG.log(Level.WARNING, "QUIC client trusts ANY server certificate (insecureTrustAll()): anyone on the path can"
                    + " impersonate the server. Use it for samples and tests only; call trustCertificates(pemFile) otherwise.");
            return QuicSslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null)
                    .applicationProtocols(alpn.toArray(String[]::new))
                    .build();
        }
    }

    private static QuicSslContext verifying(QuicSslContextBuilder builder, List<String> alpn) {
        return builder.endpointIdentificationAlgorithm("HTTPS").applicationProtocols(alpn.toArray(String[]::new)).build();
    }
}
