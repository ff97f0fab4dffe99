package dev.quicregistry.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.cdi.internal.ServerBeanRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules a server bean keeps, checked without a container: each broken rule is reported and makes the bean invalid. */
class ServerBeanRulesTest {

    private static final String BEAN = "producer method a.Servers.api()";

    private final List<String> problems = new ArrayList<>();

    private boolean check(String name, int port, Class<?> scope) {
        return ServerBeanRules.check(BEAN, ServerBeanRules.render(name, port), name, port, scope.getName(), problems::add);
    }

    @Test
    void anApplicationScopedOrSingletonServerWithAValidNameAndPortIsValid() {
        assertThat(check("api", 0, ApplicationScoped.class)).isTrue();
        assertThat(check("api", 4433, Singleton.class)).isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void theAnnotationPortRangeIsZeroTo65535Inclusive() {
        assertThat(check("api", 65535, ApplicationScoped.class)).isTrue();
        assertThat(problems).isEmpty();

        assertThat(check("api", 65536, ApplicationScoped.class)).isFalse();
        assertThat(check("api", -1, ApplicationScoped.class)).isFalse();
        assertThat(problems).containsExactly(
                BEAN + ": @NamedQuicServer(value=\"api\", port=65536) has port=65536, which is not a port (0..65535)",
                BEAN + ": @NamedQuicServer(value=\"api\", port=-1) has port=-1, which is not a port (0..65535)");
    }

    @Test
    void anInvalidNameMakesTheBeanInvalid() {
        assertThat(check("-api", 0, ApplicationScoped.class)).isFalse();
        assertThat(problems).singleElement().asString()
                .startsWith(BEAN + ": @NamedQuicServer(value=\"-api\", port=0) has an invalid server name '-api'");
    }

    @Test
    void aDependentOrShorterLivedScopeMakesTheBeanInvalid() {
        assertThat(check("api", 0, Dependent.class)).isFalse();
        assertThat(check("api", 0, RequestScoped.class)).isFalse();
        assertThat(problems).containsExactly(
                "server 'api' (" + BEAN + ") is @Dependent: a second injection would create a second, unstarted server;"
                        + " make it @ApplicationScoped or @Singleton",
                "server 'api' (" + BEAN + ") is @RequestScoped: a server lives as long as the container;"
                        + " make it @ApplicationScoped or @Singleton");
    }

    @Test
    void everyBrokenRuleOfOneBeanIsReported() {
        assertThat(check("no spaces", 70000, Dependent.class)).isFalse();
        assertThat(problems).hasSize(3);
    }
}
