package dev.quicregistry.cdi;

import dev.quicregistry.testing.LogCapture;

/**
 * A container boot that failed: what {@code initialize()} threw, and what the implementation logged
 * at WARNING or above meanwhile. Weld puts every problem in the exception; OpenWebBeans logs the
 * texts of {@code addDefinitionError} and throws a generic exception, so a user finds the message in
 * its log (see docs/cdi.md).
 *
 * @param thrown what {@code initialize()} threw
 * @param logged the implementation's log records of the boot, as text
 */
record BootFailure(RuntimeException thrown, String logged) {

    /** Everything a user is shown: the exception with its causes, and the log. */
    String reported() {
        return LogCapture.messagesOf(thrown) + logged;
    }

    /** Whether the implementation reported a definition error the way it does. */
    boolean isDefinitionError() {
        return Containers.IMPLEMENTATION.isDefinitionError(thrown);
    }

    /** Whether the implementation reported a deployment problem the way it does. */
    boolean isDeploymentError() {
        return Containers.IMPLEMENTATION.isDeploymentError(thrown);
    }

    @Override
    public String toString() {
        return reported();
    }
}
