package dev.quicregistry.zookeeper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.quicregistry.api.ServerEndpoint;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
    /** The most attributes an endpoint has: ours carry a few options; more is somebody else's. */
    static final int MAX_ATTRIBUTES = 32;
    /** The longest message about foreign data (it is logged). */
    static final int MAX_MESSAGE = 200;

    /** A host name (RFC 1123 labels) or an IPv4 or IPv6 literal (with an optional zone), nothing else. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");
    /** A plain reader: no default typing, nothing made but JSON nodes. */
    private static final ObjectReader READER = new ObjectMapper().reader();

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
     * valid (name, id, address as a host name or IP address, port, registration time) and at most
     * {@value #MAX_ATTRIBUTES} attributes of scalars. The data is read as a plain JSON tree: nothing
     * in it names a class to make (Curator's own reader makes whatever class the payload's
     * {@code @class} names, before anything is checked).
     *
     * @throws IllegalArgumentException where {@code data} is not such an endpoint, with what was
     *         wrong (at most {@value #MAX_MESSAGE} printable characters: it is logged)
     */
    ServerEndpoint decode(byte[] data) {
        if (data.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException(data.length + " bytes of data, more than an endpoint's " + MAX_DATA_BYTES);
        }
        try {
            JsonNode instance = READER.readTree(data);
            if (instance == null || !instance.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return new ServerEndpoint(text(instance, "name"), text(instance, "id"), host(text(instance, "address")),
                    port(instance), attributes(instance.get("payload")),
                    Instant.ofEpochMilli(number(instance, "registrationTimeUTC")));
        } catch (RuntimeException | IOException e) { // whatever the bytes make the parser or the checks throw
            throw new IllegalArgumentException(printable(e instanceof IllegalArgumentException ? e.getMessage()
                    : "not a Curator service instance of an endpoint: " + e.getClass().getSimpleName() + ": " + e.getMessage()), e);
        }
    }

    private static String text(JsonNode instance, String field) {
        JsonNode value = instance.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asText();
    }

    private static long number(JsonNode instance, String field) {
        JsonNode value = instance.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asLong();
    }

    private static int port(JsonNode instance) {
        JsonNode value = instance.get("port");
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("no port");
        }
        return value.asInt();
    }

    private static String host(String address) {
        if (address.length() > 253 || !HOST.matcher(address).matches()) {
            throw new IllegalArgumentException("address is not a host name or IP address");
        }
        return address;
    }

    /** The payload's scalars as strings (Curator's {@code @class} entry aside); no nesting, at most {@value #MAX_ATTRIBUTES}. */
    private static Map<String, String> attributes(JsonNode payload) {
        Map<String, String> attributes = new TreeMap<>();
        boolean none = payload == null || payload.isNull();
        if (!none && !payload.isObject()) {
            throw new IllegalArgumentException("a payload that is not a JSON object");
        }
        for (var fields = none ? java.util.Collections.<Map.Entry<String, JsonNode>>emptyIterator() : payload.fields();
                fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("@class")) {
                continue; // Curator's writer names the payload's class; this reader never uses it
            }
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new IllegalArgumentException("an attribute that is not a string, number or boolean");
            }
            if (attributes.size() == MAX_ATTRIBUTES) {
                throw new IllegalArgumentException("more than " + MAX_ATTRIBUTES + " attributes");
            }
            attributes.put(field.getKey(), field.getValue().asText());
        }
        return attributes;
    }

    /** At most {@value #MAX_MESSAGE} characters, without control characters: foreign text is about to be logged. */
    static String printable(String message) {
        String text = String.valueOf(message).replaceAll("\\p{Cntrl}", "?");
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }
}
