package dev.quicregistry.osgitests;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;

/**
 * The probe bundle installed into a framework: services it registers belong to it, so stopping it
 * takes them away, as stopping any bundle that registered a {@code QuicServer} would.
 */
final class Probe {

    private static final String PROBE_PACKAGE = "dev.quicregistry.osgitests.probe.";

    private final Bundle bundle;

    private Probe(Bundle bundle) {
        this.bundle = bundle;
    }

    static Probe install(OsgiFramework osgi) throws BundleException {
        return new Probe(osgi.installAndStart("test:probe", ProbeBundle.probe()));
    }

    Bundle bundle() {
        return bundle;
    }

    /**
     * A new server double reporting {@code port} as bound ({@code TestServer} of the test-support
     * bundle, loaded through the probe's import, so it implements the api bundle's interface).
     * Close it as an AutoCloseable.
     */
    AutoCloseable server(int port) {
        try {
            return (AutoCloseable) bundle.loadClass("dev.quicregistry.testing.TestServer").getMethod("bound", int.class)
                    .invoke(null, port);
        } catch (ReflectiveOperationException failed) {
            throw new AssertionError("cannot create a TestServer through the probe", failed);
        }
    }

    /** Registers server as a QuicServer service of the probe bundle, with these properties. */
    ServiceRegistration<?> registerServer(Object server, Map<String, ?> properties) {
        return context().registerService("dev.quicregistry.api.QuicServer", server, dictionary(properties));
    }

    /** Registers a new RecordingListener as a RegistryListener service; returns what it has received. */
    Supplier<List<String>> registerListener() {
        return registerListenerService().getValue();
    }

    /** Like {@link #registerListener()}, with the registration, to take the service away again. */
    Map.Entry<ServiceRegistration<?>, Supplier<List<String>>> registerListenerService() {
        Object listener;
        try {
            listener = bundle.loadClass(PROBE_PACKAGE + "RecordingListener").getConstructor().newInstance();
        } catch (ReflectiveOperationException failed) {
            throw new AssertionError("cannot create a RecordingListener in the probe", failed);
        }
        ServiceRegistration<?> registration = context().registerService("dev.quicregistry.api.RegistryListener", listener, null);
        Supplier<?> received = (Supplier<?>) listener;
        return Map.entry(registration, () -> ((List<?>) received.get()).stream().map(String.class::cast).toList());
    }

    private BundleContext context() {
        return bundle.getBundleContext();
    }

    static Dictionary<String, Object> dictionary(Map<String, ?> properties) {
        return new Hashtable<>(properties);
    }
}
