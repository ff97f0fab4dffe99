package dev.quicregistry.cdi;

import dev.quicregistry.testing.LogCapture;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.openwebbeans.se.OWBInitializer;
import org.apache.webbeans.config.WebBeansFinder;
import org.apache.webbeans.exception.WebBeansConfigurationException;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * What differs between the CDI implementations the suite runs on: how a container is created, and
 * what a failed boot leaves behind. Each implementation's classes are touched only when it is the
 * one chosen, so the other need not be on the class path.
 */
sealed interface CdiImplementation {

    /** A new initializer of this implementation. */
    SeContainerInitializer newInitializer();

    /** Clears what a failed boot left behind, so that the next container can start. */
    void forgetFailedBoot();

    /** Whether a container still runs, or was left registered, so that no new one could start. */
    boolean anyRunning();

    /** An initializer that adds no extension itself: the service-listed ones must be found. */
    SeContainerInitializer withServiceListedExtensionsOnly();

    /**
     * {@code initializer} set to leave out the service-listed extension {@code className} (such as
     * SmallRye Config's, which reads the config at deployment): Weld with discovery disabled loads
     * no service-listed extension anyway; OpenWebBeans loads them unless told to ignore one.
     */
    SeContainerInitializer ignoringServiceListedExtension(SeContainerInitializer initializer, String className);

    /** The root of the implementation's loggers. */
    String loggerName();

    /** Where this implementation puts the texts of definition errors: the exception, or its log. */
    String definitionErrorTexts(BootFailure failure);

    /** Whether {@code thrown}, from {@code initialize()}, is how this implementation reports definition errors. */
    boolean isDefinitionError(RuntimeException thrown);

    /** Whether {@code thrown}, from {@code initialize()}, is how this implementation reports deployment problems. */
    boolean isDeploymentError(RuntimeException thrown);

    /** Whether closing a container fires {@code jakarta.enterprise.event.Shutdown} (CDI 4.0): Weld does, OpenWebBeans 4.0.3 does not. */
    boolean firesShutdown();

    /** The implementation called {@code name}: {@code weld} or {@code openwebbeans}. */
    static CdiImplementation named(String name) {
        return switch (name) {
            case "weld" -> new WeldImplementation();
            case "openwebbeans" -> new OpenWebBeansImplementation();
            default -> throw new IllegalArgumentException("quic.cdi.container=" + name + ": expected weld or openwebbeans");
        };
    }

    /** Weld SE: each container gets its own id, so several can run at once. */
    final class WeldImplementation implements CdiImplementation {
        private static final AtomicInteger IDS = new AtomicInteger();

        @Override
        public SeContainerInitializer newInitializer() {
            return new Weld("quic-registry-test-" + IDS.incrementAndGet());
        }

        @Override
        public void forgetFailedBoot() {
            // Weld shuts a failed container down itself
        }

        @Override
        public boolean anyRunning() {
            return !WeldContainer.getRunningContainerIds().isEmpty();
        }

        /** Discovery on (Weld SE loads service-listed extensions only then); test classes have no beans.xml. */
        @Override
        public SeContainerInitializer withServiceListedExtensionsOnly() {
            return newInitializer();
        }

        @Override
        public SeContainerInitializer ignoringServiceListedExtension(SeContainerInitializer initializer, String className) {
            return initializer;
        }

        @Override
        public String loggerName() {
            return "org.jboss.weld";
        }

        /** Weld: in the exception, with its causes and suppressed ones. */
        @Override
        public String definitionErrorTexts(BootFailure failure) {
            return LogCapture.messagesOf(failure.thrown());
        }

        @Override
        public boolean isDefinitionError(RuntimeException thrown) {
            return thrown instanceof DefinitionException;
        }

        @Override
        public boolean isDeploymentError(RuntimeException thrown) {
            return thrown instanceof DeploymentException;
        }

        @Override
        public boolean firesShutdown() {
            return true;
        }
    }

    /** OpenWebBeans SE: one container per class loader (the thread's context class loader). */
    final class OpenWebBeansImplementation implements CdiImplementation {

        @Override
        public SeContainerInitializer newInitializer() {
            return new OWBInitializer();
        }

        @Override
        public boolean firesShutdown() {
            return false;
        }

        @Override
        public void forgetFailedBoot() {
            WebBeansFinder.clearInstances(WebBeansFinder.getCurrentKey());
        }

        /**
         * Boots an empty container: OpenWebBeans keeps one per class loader and has no query for it
         * that does not create one (even {@code CDI.current()} registers a context).
         */
        @Override
        public boolean anyRunning() {
            try {
                newInitializer().disableDiscovery().initialize().close();
                return false;
            } catch (IllegalArgumentException alreadyRegistered) {
                return true;
            }
        }

        /** OpenWebBeans loads service-listed extensions with discovery off too (with it on, it scans every class). */
        @Override
        public SeContainerInitializer withServiceListedExtensionsOnly() {
            return newInitializer().disableDiscovery();
        }

        /** OpenWebBeans' configuration key {@code org.apache.webbeans.ignoredExtensions}. */
        @Override
        public SeContainerInitializer ignoringServiceListedExtension(SeContainerInitializer initializer, String className) {
            return initializer.addProperty("org.apache.webbeans.ignoredExtensions", className);
        }

        @Override
        public String loggerName() {
            return "org.apache.webbeans";
        }

        /** OpenWebBeans: only in its log; the exception says to look there. */
        @Override
        public String definitionErrorTexts(BootFailure failure) {
            return failure.logged();
        }

        /** The generic exception OpenWebBeans throws after it logged the definition errors. */
        @Override
        public boolean isDefinitionError(RuntimeException thrown) {
            return thrown instanceof WebBeansConfigurationException
                    && thrown.getMessage().contains("There are errors that are added by AfterBeanDiscovery event observers");
        }

        @Override
        public boolean isDeploymentError(RuntimeException thrown) {
            return thrown instanceof DeploymentException;
        }
    }
}
