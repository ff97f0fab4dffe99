package dev.quicregistry.netty.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.QuicServerRegistry;
import dev.quicregistry.impl.LocalConnectionRegistry;
import dev.quicregistry.impl.LocalQuicServerRegistry;
import dev.quicregistry.testing.DirectoryView;
import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server found through a directory proves the identity the client pins, not whatever host the
 * directory lists: a client that pins nothing is told so once, when it is built.
 */
class DirectoryIdentityTest {

    private static final String PIN_ADVICE = "pin the identity with tlsHostName(...) or trust your own CA with trustCertificates(...)";

    private final LocalConnectionRegistry connections = new LocalConnectionRegistry();
    private final LogCapture log = LogCapture.of(ReconnectingQuicClient.class);

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private void build(UnaryOperator<ReconnectingQuicClient.Builder> configured) {
        configured.apply(ReconnectingQuicClient.builder(DirectoryView.of(List.of()), "api", connections).alpn("h3")).build().close();
    }

    @Test
    void aDirectoryClientThatTrustsThePublicCasAndPinsNoNameIsWarnedOnce() {
        build(builder -> builder);

        assertThat(log.warnings()).hasSize(1);
        assertThat(log.warningTexts()).contains("QUIC client of 'api'").contains(PIN_ADVICE);
    }

    @Test
    void aPinnedNameOrTheApplicationsOwnCaIsNotWarnedAbout(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.writeTo(dir);
        build(builder -> builder.tlsHostName("api.internal.example"));
        build(builder -> builder.trustCertificates(certificates.trustedPem()));
        QuicServerRegistry servers = new LocalQuicServerRegistry();
        ReconnectingQuicClient.builder(servers, "api", connections).alpn("h3").build().close(); // a local registry: this JVM's own servers

        assertThat(log.warningTexts()).doesNotContain(PIN_ADVICE);
    }
}
