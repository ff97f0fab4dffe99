package dev.quicregistry.netty.server;

import dev.quicregistry.api.InvalidOptionException;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;

/** Builds the server's TLS 1.3 context from PEM files, or from a self-signed certificate when asked to. */
final class TlsContexts {

    private static final System.Logger LOG = System.getLogger(TlsContexts.class.getName());

    private TlsContexts() {
    }

    /**
     * The server context for {@code config}, which must have passed {@link ServerConfig#requireStartable()}.
     *
     * @throws IllegalArgumentException naming the file and what was wrong with it
     * @throws IllegalStateException where a self-signed certificate could not be generated
     */
    static QuicSslContext forServer(ServerConfig config) {
        String[] alpn = config.alpn().toArray(String[]::new);
        if (config.selfSigned()) {
            return selfSigned(alpn);
        }
        Path cert = readable(ServerOptions.CERT, config.cert().orElseThrow());
        Path key = readable(ServerOptions.KEY, config.key().orElseThrow());
        try {
            return QuicSslContextBuilder.forServer(key.toFile(), config.keyPassword().orElse(null), cert.toFile())
                    .applicationProtocols(alpn)
                    .build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ServerOptions.CERT + "=" + cert + " and " + ServerOptions.KEY + "=" + key
                    + " could not be loaded: expected a PEM X.509 certificate chain and its PEM PKCS#8 private key"
                    + " (with " + ServerOptions.KEY_PASSWORD + " where the key is encrypted): " + e.getMessage(), e);
        }
    }

    private static Path readable(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidOptionException(option, "option " + option + "=" + file + " is not valid: expected a readable PEM file"
                    + " (" + (Files.exists(file) ? "it is not a readable regular file" : "it does not exist") + ")");
        }
        return file;
    }

    @SuppressWarnings("deprecation") // Netty's only self-signed generator in the JDK-only case; fine for samples and tests
    private static QuicSslContext selfSigned(String[] alpn) {
        LOG.log(Level.WARNING, "QUIC server uses a self-signed certificate (" + ServerOptions.SELF_SIGNED + "=true):"
                + " clients cannot verify it. Use it for samples and tests only; configure "
                + ServerOptions.CERT + " and " + ServerOptions.KEY + " for anything else.");
        SelfSignedCertificate certificate;
        try {
            certificate = new SelfSignedCertificate("localhost", "EC", 256);
        } catch (CertificateException e) {
            throw new IllegalStateException("could not generate a self-signed certificate: " + e.getMessage(), e);
        }
        try {
            return QuicSslContextBuilder.forServer(certificate.key(), null, certificate.cert())
                    .applicationProtocols(alpn)
                    .build();
        } finally {
            certificate.delete();
        }
    }
}
