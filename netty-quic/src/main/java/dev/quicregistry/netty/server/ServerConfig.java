package dev.quicregistry.netty.server;

import dev.quicregistry.support.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The complete configuration one {@link NettyQuicServer} starts with: the builder's values with
 * the start's options laid over them. Values are validated where they are parsed or set; the
 * cross-checks that need every value (TLS material, ALPN) run in {@link #requireStartable()}.
 */
record ServerConfig(
        List<String> alpn,
        Optional<Path> cert,
        Optional<Path> key,
        Optional<String> keyPassword,
        boolean selfSigned,
        Duration idleTimeout,
        int maxConnections,
        long maxBidiStreams,
        long maxUniStreams,
        long maxData,
        long maxStreamData,
        Duration closeTimeout,
        HandshakeLimits handshakes) {

    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    static final long DEFAULT_MAX_STREAMS = 100;
    static final long DEFAULT_MAX_DATA = 10L * 1024 * 1024;
    static final long DEFAULT_MAX_STREAM_DATA = 1024L * 1024;
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    ServerConfig {
        alpn = List.copyOf(alpn);
    }

    /** The defaults of a builder nobody configured: no ALPN, no certificate. */
    static ServerConfig defaults() {
        return new ServerConfig(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_STREAMS, DEFAULT_MAX_STREAMS,
                DEFAULT_MAX_DATA, DEFAULT_MAX_STREAM_DATA, DEFAULT_CLOSE_TIMEOUT, HandshakeLimits.DEFAULTS);
    }

    ServerConfig withAlpn(List<String> value) {
        return new ServerConfig(value, cert, key, keyPassword, selfSigned, idleTimeout, maxConnections,
                maxBidiStreams, maxUniStreams, maxData, maxStreamData, closeTimeout, handshakes);
    }

    ServerConfig withCertificate(Path chain, Path privateKey) {
        return new ServerConfig(alpn, Optional.of(chain), Optional.of(privateKey), keyPassword, selfSigned, idleTimeout,
                maxConnections, maxBidiStreams, maxUniStreams, maxData, maxStreamData, closeTimeout, handshakes);
    }

    ServerConfig withKeyPassword(String value) {
        return new ServerConfig(alpn, cert, key, Optional.of(value), selfSigned, idleTimeout, maxConnections,
                maxBidiStreams, maxUniStreams, maxData, maxStreamData, closeTimeout, handshakes);
    }

    ServerConfig withSelfSigned(boolean value) {
        return new ServerConfig(alpn, cert, key, keyPassword, value, idleTimeout, maxConnections,
                maxBidiStreams, maxUniStreams, maxData, maxStreamData, closeTimeout, handshakes);
    }

    ServerConfig withIdleTimeout(Duration value) {
        return new ServerConfig(alpn, cert, key, keyPassword, selfSigned, value, maxConnections,
                maxBidiStreams, maxUniStreams, maxData, maxStreamData, closeTimeout, handshakes);
    }

    ServerConfig withMaxConnections(int value) {
        return new ServerConfig(alpn, cert, key, keyPassword, selfSigned, idleTimeout, value,
                maxBidiStreams, maxUniStreams, maxData, maxStreamData, closeTimeout, handshakes);
    }

    ServerConfig withMaxStreams(long bidirectional, long unidirectional) {
        return new ServerConfig(alpn, cert, key, keyPassword, selfSigned, idleTimeout, maxConnections,
                bidirectional, unidirectional, maxData, maxStreamData, closeTimeout, handshakes);
    }

    ServerConfig withFlowControl(long connection, long stream) {
        return new ServerConfig(alpn, cert, key, keyPassword, selfSigned, idleTimeout, maxConnections,
                maxBidiStreams, maxUniStreams, connection, stream, closeTimeout, handshakes);
    }

    ServerConfig withHandshakes(HandshakeLimits value) {
        return new ServerConfig(alpn, cert, key, keyPassword, selfSigned, idleTimeout, maxConnections,
                maxBidiStreams, maxUniStreams, maxData, maxStreamData, closeTimeout, value);
    }

    ServerConfig withCloseTimeout(Duration value) {
        return new ServerConfig(alpn, cert, key, keyPassword, selfSigned, idleTimeout, maxConnections,
                maxBidiStreams, maxUniStreams, maxData, maxStreamData, value, handshakes);
    }

    /**
     * Checks what only the whole configuration can tell: an ALPN is named, and exactly one source
     * of a certificate is configured (PEM files, or an explicitly requested self-signed one).
     *
     * @throws IllegalStateException saying what is missing and how to configure it
     */
    ServerConfig requireStartable() {
        if (alpn.isEmpty()) {
            throw new IllegalStateException("no ALPN configured: a QUIC server must name its application protocol;"
                    + " set it with NettyQuicServer.builder().alpn(\"my-protocol\") or the option "
                    + ServerOptions.ALPN + "=my-protocol (quic.server.<name>.alpn in MicroProfile Config)");
        }
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? ServerOptions.KEY : ServerOptions.CERT;
            String present = cert.isPresent() ? ServerOptions.CERT + "=" + cert.get() : ServerOptions.KEY + "=" + key.get();
            throw new IllegalStateException(present + " is set but " + missing + " is not: a certificate needs both "
                    + ServerOptions.CERT + " (PEM X.509 chain) and " + ServerOptions.KEY + " (PEM PKCS#8 private key)");
        }
        if (cert.isPresent() && selfSigned) {
            throw new IllegalStateException(ServerOptions.CERT + "=" + cert.get() + " and " + ServerOptions.SELF_SIGNED
                    + "=true are both set: configure either a certificate or a self-signed one, not both");
        }
        if (cert.isEmpty() && !selfSigned) {
            throw new IllegalStateException("no TLS certificate configured: QUIC always runs TLS 1.3. Set the options "
                    + ServerOptions.CERT + "=<PEM certificate chain> and " + ServerOptions.KEY + "=<PEM PKCS#8 private key>"
                    + " (quic.server.<name>.cert / .key in MicroProfile Config) or call"
                    + " NettyQuicServer.builder().certificate(certPem, keyPem); for samples and tests only, "
                    + ServerOptions.SELF_SIGNED + "=true (or builder().selfSigned(true)) generates a self-signed one");
        }
        return this;
    }

    @Override
    public String toString() {
        return "ServerConfig[alpn=" + alpn + ", cert=" + cert.map(Path::toString).orElse("-")
                + ", key=" + key.map(Path::toString).orElse("-") + ", key-password=" + keyPassword.map(password -> Secrets.MASK).orElse("-")
                + ", self-signed=" + selfSigned + ", idle-timeout=" + idleTimeout + ", max-connections=" + maxConnections
                + ", max-bidi-streams=" + maxBidiStreams + ", max-uni-streams=" + maxUniStreams + ", max-data=" + maxData
                + ", max-stream-data=" + maxStreamData + ", close-timeout=" + closeTimeout + ", " + handshakes + "]";
    }
}
