package dev.quicregistry.osgi;

import java.util.Map;

/**
 * Reads what the whiteboards need out of the properties that Declarative Services hands to a bind
 * method (the framework sets {@value #SERVICE_ID} and {@value #SERVICE_BUNDLE_ID} on every service).
 */
final class ServiceProperties {

    static final String SERVICE_ID = "service.id";
    static final String SERVICE_BUNDLE_ID = "service.bundleid";

    private ServiceProperties() {
    }

    static long serviceId(Map<String, ?> properties) {
        return ((Number) properties.get(SERVICE_ID)).longValue();
    }

    /** "QuicServer service 42 of bundle 7", for log messages. */
    static String describe(String kind, Map<String, ?> properties) {
        return kind + " service " + properties.get(SERVICE_ID) + " of bundle " + properties.get(SERVICE_BUNDLE_ID);
    }
}
