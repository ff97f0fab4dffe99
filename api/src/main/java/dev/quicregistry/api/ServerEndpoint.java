package dev.quicregistry.api;

import dev.quicregistry.support.Arguments;
import dev.quicregistry.support.Secrets;
import java.time.Instant;
import java.util.Map;

/**
 * Where one named server listens, as every JVM that shares a directory sees it.
 *
 * @param name the server's name, see {@link ServerNames}
 * @param instanceId unique per JVM and server: tells several endpoints of one name apart
 * @param host the host a client reaches it on
 * @param port its bound port, 1..65535
 * @param attributes its non-secret options (an unmodifiable copy; a secret key is refused)
 * @param registeredAt when it was published
 */
public record ServerEndpoint(String name, String instanceId, String host, int port,
                             Map<String, String> attributes, Instant registeredAt) {

    /** Validates and copies. */
    public ServerEndpoint {
        ServerNames.requireValid(name);
        Arguments.notNull(instanceId, "instanceId");
        if (instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId must not be blank");
        }
        Arguments.notNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank (expected a host name or address)");
        }
        Arguments.port(port, 1, "port");
        attributes = Arguments.copyOptions(attributes, "attributes");
        for (String key : attributes.keySet()) {
            if (Secrets.isSecretKey(key)) {
                throw new IllegalArgumentException("attribute '" + key
                        + "' names a secret (it contains one of " + Secrets.SECRET_WORDS
                        + ", ignoring case and - _ .): an endpoint is readable by every JVM");
            }
        }
        Arguments.notNull(registeredAt, "registeredAt");
    }
}
