package dev.quicregistry.cdi.internal;

import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Consumer;

/**
 * The rules a {@code @NamedQuicServer} bean must keep (CDI.md, "Discovery and validation"), and
 * their messages: one set for the portable extension and the CDI Lite one, which see beans through
 * different models and hand over plain descriptions.
 */
public final class ServerBeanRules {

    private ServerBeanRules() {
    }

    /**
     * Checks a server bean's name, annotation port and scope; hands every broken rule to {@code problems}.
     *
     * @param description the bean as the user knows it, e.g. {@code producer method a.B.api()}
     * @param qualifier the qualifier as written, for the messages
     * @param scope the binary name of the bean's scope annotation
     * @return whether every rule holds
     */
    public static boolean check(String description, String qualifier, String name, int port, String scope, Consumer<String> problems) {
        boolean valid = true;
        if (!ServerNames.isValid(name)) {
            problems.accept(description + ": " + qualifier + " has an invalid server name '" + name + "': expected "
                    + ServerNames.PATTERN.pattern() + " (a letter or digit, then up to 62 letters, digits, '_' or '-')");
            valid = false;
        }
        if (port < 0 || port > 65535) {
            problems.accept(description + ": " + qualifier + " has port=" + port + ", which is not a port (0..65535)");
            valid = false;
        }
        if (scope.equals(Dependent.class.getName())) {
            problems.accept("server '" + name + "' (" + description
                    + ") is @Dependent: a second injection would create a second, unstarted server;"
                    + " make it @ApplicationScoped or @Singleton");
            valid = false;
        } else if (!scope.equals(ApplicationScoped.class.getName()) && !scope.equals(Singleton.class.getName())) {
            problems.accept("server '" + name + "' (" + description + ") is @" + scope.substring(scope.lastIndexOf('.') + 1)
                    + ": a server lives as long as the container; make it @ApplicationScoped or @Singleton");
            valid = false;
        }
        return valid;
    }

    /** The message for a class annotated {@code qualifier} that is no {@code QuicServer}. */
    public static String notAServer(String description, String qualifier) {
        return description + " is annotated " + qualifier + " but is not a " + QuicServer.class.getName()
                + ": only QuicServer beans can be named servers";
    }

    /** The message for several server beans named {@code name}. */
    public static String duplicateName(String name, List<String> descriptions) {
        return descriptions.size() + " server beans are named '" + name + "': " + String.join(" and ", descriptions)
                + "; a server name must be unique";
    }

    /** How a message shows the qualifier. */
    public static String render(String name, int port) {
        return "@NamedQuicServer(value=\"" + name + "\", port=" + port + ")";
    }
}
