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

    /** The most bytes of data an endpoint znode holds: ours take a few hundred; more is somebody else's. */
    static final int MAX_DATA_BYTES = 4096;

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
     * The endpoint {@code data} describes, only where it is one as a whole: at most
     * {@value #MAX_DATA_BYTES} bytes of Curator's JSON with every field an endpoint needs present and
     * valid (name, id, address, port, registration time; attributes of strings).
     *
     * @throws IllegalArgumentException where {@code data} is not such an endpoint, with what was
     *         wrong (whatever else the bytes make the parser or the checks throw included)
     */
    ServerEndpoint decode(byte[] data) {
        if (data.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException(data.length + " bytes of data, more than an endpoint's " + MAX_DATA_BYTES);
        }
        try {
            return endpointOf(serializer.deserialize(data));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) { // anything the bytes make Jackson or the record throw: foreign data, never our failure
            throw new IllegalArgumentException("not a Curator service instance of an endpoint: " + firstLine(e), e);
        }
    }

    /**
     * The first line of what went wrong, at most 160 characters and without control characters: it
     * is logged, and the parser quotes the (foreign) data it choked on.
     */
    private static String firstLine(Exception e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        int end = text.indexOf('\n');
        text = end < 0 ? text : text.substring(0, end);
        text = text.length() > 160 ? text.substring(0, 160) + "..." : text;
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    @SuppressWarnings("rawtypes")
    private static ServerEndpoint endpointOf(ServiceInstance<Map> instance) {
        Map<String, String> attributes = new TreeMap<>();
        if (instance.getPayload() != null) {
            for (Object entry : instance.getPayload().entrySet()) {
                Map.Entry<?, ?> attribute = (Map.Entry<?, ?>) entry;
                Object value = attribute.getValue();
                // a bare Curator discovery client may publish numbers and booleans; nothing nested, no null
                if (!(attribute.getKey() instanceof String key)
                        || !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    throw new IllegalArgumentException("an attribute that is not a string, number or boolean: " + attribute.getKey());
                }
                attributes.put(key, String.valueOf(value));
            }
        }
        require(instance.getName(), "name");
        require(instance.getId(), "id");
        require(instance.getAddress(), "address");
        require(instance.getPort(), "port");
        return new ServerEndpoint(instance.getName(), instance.getId(), instance.getAddress(), instance.getPort(), attributes,
                Instant.ofEpochMilli(instance.getRegistrationTimeUTC()));
    }

    private static void require(Object field, String name) {
        if (field == null) {
            throw new IllegalArgumentException("no " + name);
        }
    }
}
