package dev.quicregistry.osgi;

import dev.quicregistry.api.QuicServer;
import java.util.Map;

/**
 * One {@code QuicServer} service as the server whiteboard sees it, free of OSGi types so the
 * whiteboard can be tested without a framework.
 *
 * @param serviceId the framework's {@code service.id}: unique, increasing in registration order
 * @param description names the service in log messages (id, bundle)
 * @param properties the service properties
 * @param server the service object
 */
record ServerService(long serviceId, String description, Map<String, Object> properties, QuicServer server) {

    ServerService {
        properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return description;
    }
}
