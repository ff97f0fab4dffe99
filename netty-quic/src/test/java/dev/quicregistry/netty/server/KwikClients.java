package dev.quicregistry.netty.server;

import dev.quicregistry.testing.TestCertificates;
import java.net.ConnectException;
import java.security.KeyStore;
import java.time.Duration;
import tech.kwik.core.QuicClientConnection;

/** Kwik, a QUIC stack we did not write, as a client of the test servers (Kwik's own TLS, no Netty buffers). */
final class KwikClients {

    /** How long a Kwik connection may go silent before Kwik ends it. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    /** Connect attempts at most; see {@link #connect}. */
    private static final int CONNECT_ATTEMPTS = 3;

    private KwikClients() {
    }

    /**
     * Connects to 127.0.0.1:{@code port} trusting the test CA. About one Kwik connect in eighty
     * times out on Kwik's side against a healthy Netty server (VERSIONS.md), so a timed-out attempt
     * is retried, at most {@value #CONNECT_ATTEMPTS} times in all; any other failure is thrown at once.
     */
    static QuicClientConnection connect(int port, TestCertificates certificates) throws Exception {
        ConnectException last = null;
        for (int attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
            QuicClientConnection connection = unconnected(port, certificates);
            try {
                connection.connect();
                return connection;
            } catch (ConnectException e) {
                connection.close();
                if (!String.valueOf(e.getMessage()).startsWith("Connection timed out")) {
                    throw e; // a handshake error (certificate, ALPN, refusal) is not flaky: no retry
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * The failure of a connect to 127.0.0.1:{@code port} that the server refuses: it fails the test
     * where a connect succeeds. Kwik's own handshake fails now and then with an empty or
     * NullPointerException message and no transport error at all (3 of 180 connects to a healthy
     * server in one measurement, docs/testing.md); such a failure is tried again, at most
     * {@value #CONNECT_ATTEMPTS} connects in all, and the last failure is returned.
     */
    static ConnectException refusal(int port, TestCertificates certificates) throws Exception {
        ConnectException last = null;
        for (int attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
            QuicClientConnection connection = unconnected(port, certificates);
            try {
                connection.connect();
                throw new AssertionError("a connect to port " + port + " succeeded: expected the server to refuse it");
            } catch (ConnectException e) {
                last = e;
                if (String.valueOf(e.getMessage()).contains("transport error")) {
                    return e;
                }
            } finally {
                connection.close();
            }
        }
        return last;
    }

    /** A Kwik client of 127.0.0.1:{@code port}, not connected yet. */
    static QuicClientConnection unconnected(int port, TestCertificates certificates) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("test-ca", certificates.trusted());
        return QuicClientConnection.newBuilder()
                .host("localhost")
                .preferIPv4()
                .port(port)
                .applicationProtocol(TestServers.ALPN)
                .customTrustStore(trusted)
                .connectTimeout(Duration.ofSeconds(5))
                .maxIdleTimeout(IDLE_TIMEOUT)
                .build();
    }
}
