package dev.quicregistry.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.testing.UdpTestServer;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two servers of one name fail the build, with the project's message naming both beans. */
class DefinitionErrorTest {

    @RegisterExtension
    static final QuarkusUnitTest APPLICATION = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TwoApis.class))
            .assertException(failure -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                    messages.append(cause.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains("2 server beans are named 'api'")
                        .contains(TwoApis.class.getName() + ".first()").contains(TwoApis.class.getName() + ".second()");
            });

    /** Two producers of one name. */
    @ApplicationScoped
    public static class TwoApis {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer first() {
            return new UdpTestServer();
        }

        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer second() {
            return new UdpTestServer();
        }
    }

    @Test
    void theBuildFails() {
        fail("the build was expected to fail");
    }
}
