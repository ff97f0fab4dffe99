package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.testing.UdpTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
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
    static class DependentProducerField {
        @Produces
        @NamedQuicServer("metrics")
        final QuicServer metrics = new UdpTestServer();
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
        assertThat(definitionError(NotAServer.class))
                .contains("managed bean " + NotAServer.class.getName()
                        + " is annotated @NamedQuicServer(value=\"api\", port=0) but is not a dev.quicregistry.api.QuicServer");
    }

    @Test
    void aNameThatBreaksTheNamingRuleIsADefinitionError() {
        assertThat(definitionError(BadlyNamed.class))
                .contains("producer method " + BadlyNamed.class.getName() + ".server()")
                .contains("invalid server name 'no spaces allowed': expected [A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    }

    @Test
    void anAnnotationPortOutOfRangeIsADefinitionError() {
        assertThat(definitionError(BadAnnotationPort.class))
                .contains("producer method " + BadAnnotationPort.class.getName() + ".server()")
                .contains("port=70000, which is not a port (0..65535)");
    }

    @Test
    void twoServersWithOneNameIsADefinitionErrorNamingBothBeans() {
        assertThat(definitionError(FirstApi.class, SecondApi.class))
                .contains("2 server beans are named 'api'")
                .contains("producer method " + FirstApi.class.getName() + ".api()")
                .contains("managed bean " + SecondApi.class.getName());
    }

    @Test
    void aDependentServerIsADefinitionError() {
        assertThat(definitionError(DependentServer.class))
                .contains("server 'api' (producer method " + DependentServer.class.getName()
                        + ".api()) is @Dependent: a second injection would create a second, unstarted server");
    }

    @Test
    void aDependentProducerFieldServerIsADefinitionErrorNamingTheField() {
        assertThat(definitionError(DependentProducerField.class))
                .contains("server 'metrics' (producer field " + DependentProducerField.class.getName()
                        + ".metrics) is @Dependent: a second injection would create a second, unstarted server");
    }

    @Test
    void aServerInAScopeShorterThanTheContainerIsADefinitionError() {
        assertThat(definitionError(RequestScopedServer.class))
                .contains("server 'api' (producer method " + RequestScopedServer.class.getName()
                        + ".api()) is @RequestScoped");
    }

    @Test
    void everyDefinitionErrorIsReportedAtOnce() {
        assertThat(definitionError(DependentOne.class, DependentTwo.class, NotAServer.class))
                .contains("server 'one' (managed bean " + DependentOne.class.getName() + ") is @Dependent")
                .contains("server 'two' (managed bean " + DependentTwo.class.getName() + ") is @Dependent")
                .contains(NotAServer.class.getName() + " is annotated");
    }

    /**
     * Boots a container that must fail with a definition error; returns the texts where the
     * implementation puts them (Weld: the exception; OpenWebBeans: its log).
     */
    private static String definitionError(Class<?>... beans) {
        BootFailure failure = Containers.failedBoot(beans);
        assertThat(failure.isDefinitionError()).as("a definition error, reported as " + failure).isTrue();
        return Containers.IMPLEMENTATION.definitionErrorTexts(failure);
    }
}
