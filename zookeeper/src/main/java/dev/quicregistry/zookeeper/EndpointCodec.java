package dev.quicregistry.zookeeper;

import dev.quicregistry.api.ServerEndpoint;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceType;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;

/**
 * An endpoint as a znode's data: Curator discovery's JSON {@link ServiceInstance} (name, id,
 * address, port, registration time; the attributes as its payload), so that a bare Curator
 * discovery client reads the same directory. Stateless; safe on any thread.
 */
final class EndpointCodec {

    @SuppressWarnings({"rawtypes", "unchecked"})
    private final JsonInstanceSerializer<Map> serializer = new JsonInstanceSerializer<>(Map.class);

    /** The znode data of {@code endpoint}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    byte[] encode(ServerEndpoint endpoint) throws Exception {
        ServiceInstance<Map> instance = ServiceInstance.<Map>builder()
                .name(endpoint.name())
                .id(endpoint.instanceId())
                .address(endpoint.host())
                .port(endpoint.port())
                .payload(new TreeMap<>(endpoint.attributes()))
                .registrationTimeUTC(endpoint.registeredAt().toEpochMilli())
                .serviceType(ServiceType.DYNAMIC)
                .build();
        return serializer.serialize(instance);
    }

    /**
     * The endpoint {@code data} describes.
     *
     * @throws IllegalArgumentException where {@code data} is not an endpoint (not Curator's JSON, or
     *         a name, port or attribute an endpoint cannot have), with what was wrong
     */
    @SuppressWarnings("rawtypes")
    ServerEndpoint decode(byte[] data) {
        ServiceInstance<Map> instance;
        try {
            instance = serializer.deserialize(data);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a Curator service instance (JSON): " + e.getMessage(), e);
        }
        Map<String, String> attributes = new TreeMap<>();
        if (instance.getPayload() != null) {
            for (Object entry : instance.getPayload().entrySet()) {
                Map.Entry<?, ?> attribute = (Map.Entry<?, ?>) entry;
                attributes.put(String.valueOf(attribute.getKey()), String.valueOf(attribute.getValue()));
            }
        }
        Integer port = instance.getPort();
        if (instance.getAddress() == null || port == null) {
            throw new IllegalArgumentException("a service instance without address or port");
        }
        return new ServerEndpoint(instance.getName(), instance.getId(), instance.getAddress(), port, attributes,
                Instant.ofEpochMilli(instance.getRegistrationTimeUTC()));
    }
}
