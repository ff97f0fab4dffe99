package dev.quicregistry.osgitests;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The two registry services as the test sees them from outside the framework. Their types are the
 * api bundle's classes, not the ones on the test's class path, so each call goes by reflection
 * through the api bundle's interface; arguments and results are JDK types or objects of the probe.
 */
final class RegistryServices {

    private static final String API = "quic-registry-api";

    private final OsgiFramework osgi;
    private final Object servers;
    private final Object connections;

    RegistryServices(OsgiFramework osgi) {
        this.osgi = osgi;
        this.servers = osgi.service("dev.quicregistry.api.QuicServerRegistry");
        this.connections = osgi.service("dev.quicregistry.api.ConnectionRegistry");
    }

    Set<String> names() {
        return ((Set<?>) call(servers, "QuicServerRegistry", "names")).stream()
                .map(String.class::cast).collect(Collectors.toCollection(TreeSet::new));
    }

    OptionalInt port(String name) {
        return (OptionalInt) call(servers, "QuicServerRegistry", "port", name);
    }

    /** The server registered under name now. */
    Optional<Object> server(String name) {
        return info(name).map(info -> invoke(info, "server"));
    }

    /** The options of the entry registered under name now. */
    Optional<Map<?, ?>> options(String name) {
        return info(name).map(info -> (Map<?, ?>) invoke(info, "options"));
    }

    void register(String name, Object server, int port, Map<String, ?> options) {
        call(servers, "QuicServerRegistry", "register", name, server, port, options);
    }

    void registerConnection(String id, Object transport) {
        call(connections, "ConnectionRegistry", "register", connectionId(id), transport);
    }

    boolean replaceTransport(String id, Object transport) {
        return (Boolean) call(connections, "ConnectionRegistry", "replaceTransport", connectionId(id), transport);
    }

    /** What a handle of id resolves to now. */
    Optional<Object> currentTransport(String id) {
        Object handle = call(connections, "ConnectionRegistry", "handle", connectionId(id), Object.class);
        return ((Optional<?>) call(handle, "ConnectionHandle", "current")).map(Object.class::cast);
    }

    /**
     * Unregisters every name and every connection id still in the registries, so that the next test
     * on a shared framework starts with both empty (call it after the test's probe is gone, so that
     * no listener of the test sees it).
     */
    void clear() {
        names().forEach(name -> call(servers, "QuicServerRegistry", "unregister", name));
        List.copyOf((Set<?>) call(connections, "ConnectionRegistry", "ids"))
                .forEach(id -> call(connections, "ConnectionRegistry", "unregister", id));
    }

    private Optional<?> info(String name) {
        return (Optional<?>) call(servers, "QuicServerRegistry", "lookup", name);
    }

    private Object connectionId(String id) {
        return call(null, "ConnectionId", "of", id);
    }

    /** Calls the api type's public method of that name and arity on target (null: a static method). */
    private Object call(Object target, String apiType, String method, Object... arguments) {
        Class<?> type = osgi.loadClass(API, "dev.quicregistry.api." + apiType);
        Method found = Arrays.stream(type.getMethods())
                .filter(candidate -> candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length)
                .findFirst().orElseThrow(() -> new AssertionError(apiType + " has no method " + method + "/" + arguments.length));
        return invoke(found, target, arguments);
    }

    private static Object invoke(Object record, String accessor) {
        try {
            return invoke(record.getClass().getMethod(accessor), record);
        } catch (NoSuchMethodException missing) {
            throw new AssertionError(record.getClass() + " has no " + accessor + "()", missing);
        }
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException thrown) {
            if (thrown.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(thrown.getCause());
        } catch (IllegalAccessException inaccessible) {
            throw new AssertionError(inaccessible);
        }
    }
}
