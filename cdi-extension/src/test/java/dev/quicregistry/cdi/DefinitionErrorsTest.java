package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.DefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server beans the extension refuses at deployment, each with a message naming the bean and the server. */
class DefinitionErrorsTest {

    @RegisterExtension
    final TestConfig config = new TestConfig();

    @ApplicationScoped
    @NamedQuicServer("api")
    static class NotAServer {
    }

    @ApplicationScoped
    static class BadlyNamed {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("no spaces allowed")
        QuicServer server() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    static class BadAnnotationPort {
        @Produces
        @ApplicationScoped
        @NamedQuicServer(value = "api", port = 70000)
        QuicServer server() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    static class FirstApi {
        @Produces
        @ApplicationScoped
        @NamedQuicServer("api")
        QuicServer api() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    @NamedQuicServer("api")
    static class SecondApi extends UdpTestServer {
    }

    @ApplicationScoped
    static class DependentServer {
        @Produces
        @NamedQuicServer("api")
        QuicServer api() {
            return new UdpTestServer();
        }
    }

    @ApplicationScoped
    static class RequestScopedServer {
        @Produces
        @RequestScoped
        @NamedQuicServer("api")
        QuicServer api() {
            return new UdpTestServer();
        }
    }

    @Dependent
    @NamedQuicServer("one")
    static class DependentOne extends UdpTestServer {
    }

    @Dependent
    @NamedQuicServer("two")
    static class DependentTwo extends UdpTestServer {
    }

    @Test
    void aNamedQuicServerClassThatIsNotAQuicServerIsADefinitionError() {
        assertThatThrownBy(() -> start(NotAServer.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("managed bean " + NotAServer.class.getName()
                        + " is annotated @NamedQuicServer(value=\"api\", port=0) but is not a dev.quicregistry.api.QuicServer");
    }

    @Test
    void aNameThatBreaksTheNamingRuleIsADefinitionError() {
        assertThatThrownBy(() -> start(BadlyNamed.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("producer method " + BadlyNamed.class.getName() + ".server()")
                .hasMessageContaining("invalid server name 'no spaces allowed': expected [A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    }

    @Test
    void anAnnotationPortOutOfRangeIsADefinitionError() {
        assertThatThrownBy(() -> start(BadAnnotationPort.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("producer method " + BadAnnotationPort.class.getName() + ".server()")
                .hasMessageContaining("port=70000, which is not a port (0..65535)");
    }

    @Test
    void twoServersWithOneNameIsADefinitionErrorNamingBothBeans() {
        assertThatThrownBy(() -> start(FirstApi.class, SecondApi.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("2 server beans are named 'api'")
                .hasMessageContaining("producer method " + FirstApi.class.getName() + ".api()")
                .hasMessageContaining("managed bean " + SecondApi.class.getName());
    }

    @Test
    void aDependentServerIsADefinitionError() {
        assertThatThrownBy(() -> start(DependentServer.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("server 'api' (producer method " + DependentServer.class.getName()
                        + ".api()) is @Dependent: a second injection would create a second, unstarted server");
    }

    @Test
    void aServerInAScopeShorterThanTheContainerIsADefinitionError() {
        assertThatThrownBy(() -> start(RequestScopedServer.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("server 'api' (producer method " + RequestScopedServer.class.getName()
                        + ".api()) is @RequestScoped");
    }

    @Test
    void everyDefinitionErrorIsReportedAtOnce() {
        assertThatThrownBy(() -> start(DependentOne.class, DependentTwo.class, NotAServer.class))
                .isInstanceOf(DefinitionException.class)
                .satisfies(e -> assertThat(messages(e))
                        .contains("server 'one' (managed bean " + DependentOne.class.getName() + ") is @Dependent")
                        .contains("server 'two' (managed bean " + DependentTwo.class.getName() + ") is @Dependent")
                        .contains(NotAServer.class.getName() + " is annotated"));
    }

    private static void start(Class<?>... beans) {
        Containers.start(beans).close();
        throw new AssertionError("the container started");
    }

    /** The message of e, its causes and everything suppressed, so that a check does not depend on how Weld nests them. */
    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        collect(e, all);
        return all.toString();
    }

    private static void collect(Throwable e, StringBuilder all) {
        if (e == null) {
            return;
        }
        all.append(e.getMessage()).append('\n');
        for (Throwable suppressed : e.getSuppressed()) {
            collect(suppressed, all);
        }
        if (e.getCause() != e) {
            collect(e.getCause(), all);
        }
    }
}
