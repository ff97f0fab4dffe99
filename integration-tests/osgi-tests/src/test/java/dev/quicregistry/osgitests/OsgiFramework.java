package dev.quicregistry.osgitests;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * An embedded Apache Felix with every bundle this build made (and the bundles they need) installed
 * and started, for the tests of one class (or for one test that needs a framework of its own). The
 * bundles are the jars Maven copied to the directory named by the system property {@value #BUNDLES};
 * the framework's storage is a fresh directory under {@value #STORAGE}.
 *
 * <p>Starting fails with an {@link AssertionError} that names every bundle that did not resolve or
 * start, with each of its requirements that nothing installed provides.
 *
 * <p>Tests that share one framework call {@link #reset()} after each test: it uninstalls what the
 * test installed and fails if the test stopped, started or uninstalled a bundle the framework booted
 * with (such a test needs a framework of its own).
 */
final class OsgiFramework implements AutoCloseable {

    static final String BUNDLES = "quicregistry.bundles";
    static final String STORAGE = "quicregistry.felix.storage";

    private static final Duration SERVICE_WAIT = Duration.ofSeconds(5);

    private final Framework framework;
    /** The state of each bundle (by id) once {@link #launch} had started them: what {@link #reset()} checks. */
    private Map<Long, Integer> booted = Map.of();

    private OsgiFramework(Framework framework) {
        this.framework = framework;
    }

    /** Boots Felix in a clean storage directory named {@code name} and starts every bundle of the build. */
    static OsgiFramework launch(String name) throws BundleException {
        return launch(name, buildBundles());
    }

    /** Boots Felix in a clean storage directory named {@code name} and starts these bundles only. */
    static OsgiFramework launch(String name, List<Path> bundles) throws BundleException {
        return launch(name, bundles, Map.of());
    }

    /**
     * Boots Felix in a clean storage directory named {@code name}, with these framework properties
     * next to the usual ones (bundles read them with {@code BundleContext.getProperty}), and starts
     * these bundles.
     */
    static OsgiFramework launch(String name, List<Path> bundles, Map<String, String> properties) throws BundleException {
        Path storage = Path.of(requiredProperty(STORAGE)).resolve(name.replaceAll("[^A-Za-z0-9_-]", "_"));
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi FrameworkFactory on the class path"));
        Map<String, String> configuration = new HashMap<>(properties);
        configuration.putAll(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                // No fallback to the test's class path for classes a bundle does not import: what
                // resolves here resolves in any framework.
                "felix.bootdelegation.implicit", "false",
                // Netty 4.2's buffers emit JFR events; JDK Flight Recorder rewrites each event class
                // to call jdk.jfr.internal classes, which a bundle sees only by boot delegation
                // (without it, the first buffer a Netty event loop allocates fails with a
                // NoClassDefFoundError of jdk/jfr/internal/handlers/EventHandler). docs/osgi.md.
                Constants.FRAMEWORK_BOOTDELEGATION, "jdk.jfr.internal.*",
                "ds.loglevel", "warn"));
        Framework framework = factory.newFramework(configuration);
        framework.start();
        OsgiFramework osgi = new OsgiFramework(framework);
        try {
            osgi.installAndStart(bundles);
        } catch (RuntimeException | AssertionError | BundleException failed) {
            osgi.close();
            throw failed;
        }
        osgi.booted = osgi.states();
        return osgi;
    }

    /** The jar of one bundle of the build, by its artifactId. */
    static Path buildBundle(String artifactId) {
        return buildBundles().stream().filter(jar -> jar.getFileName().toString().startsWith(artifactId + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no jar of " + artifactId + " among " + buildBundles()));
    }

    /** The jars in the bundle directory: this build's bundles and what they need. */
    static List<Path> buildBundles() {
        Path directory = Path.of(requiredProperty(BUNDLES));
        try (Stream<Path> jars = Files.list(directory)) {
            List<Path> bundles = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            if (bundles.isEmpty()) {
                throw new IllegalStateException("no bundles in " + directory);
            }
            return bundles;
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot list the bundles in " + directory, unreadable);
        }
    }

    /**
     * Installs the jars, resolves them all, then starts every one that is not a fragment.
     *
     * @throws AssertionError naming each bundle that did not resolve or start, with the missing requirements
     */
    List<Bundle> installAndStart(Collection<Path> jars) throws BundleException {
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try (InputStream in = Files.newInputStream(jar)) {
                Bundle bundle = context().installBundle(jar.toUri().toString(), in);
                if (bundle.getSymbolicName() == null) {
                    throw new AssertionError(jar + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
                }
                installed.add(bundle);
            } catch (IOException unreadable) {
                throw new UncheckedIOException("cannot read " + jar, unreadable);
            }
        }
        startAll(installed);
        return installed;
    }

    /** Installs one bundle from its bytes (such as the probe) and starts it like {@link #installAndStart}. */
    Bundle installAndStart(String location, byte[] jar) throws BundleException {
        Bundle bundle = context().installBundle(location, new ByteArrayInputStream(jar));
        startAll(List.of(bundle));
        return bundle;
    }

    private void startAll(List<Bundle> bundles) {
        FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
        wiring.resolveBundles(bundles);
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getState() == Bundle.INSTALLED) {
                problems.add(describe(bundle) + " did not resolve; nothing installed provides: " + missingRequirements(bundle, wiring));
            }
        }
        for (Bundle bundle : bundles) {
            if (!isFragment(bundle)) {
                try {
                    bundle.start();
                } catch (BundleException failed) {
                    problems.add(describe(bundle) + " did not start: " + failed.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private static List<String> missingRequirements(Bundle bundle, FrameworkWiring wiring) {
        List<String> missing = new ArrayList<>();
        for (BundleRequirement requirement : bundle.adapt(BundleRevision.class).getDeclaredRequirements(null)) {
            Map<String, String> directives = requirement.getDirectives();
            boolean mandatory = !Constants.RESOLUTION_OPTIONAL.equals(directives.get(Constants.RESOLUTION_DIRECTIVE));
            boolean atResolve = Constants.EFFECTIVE_RESOLVE.equals(
                    directives.getOrDefault(Constants.EFFECTIVE_DIRECTIVE, Constants.EFFECTIVE_RESOLVE));
            if (mandatory && atResolve && wiring.findProviders(requirement).isEmpty()) {
                missing.add(requirement.getNamespace() + " " + directives.get(Constants.FILTER_DIRECTIVE));
            }
        }
        return missing;
    }

    static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }

    /** The system bundle's context. */
    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Whether the bundle is a fragment, which resolves (attached to its host) but never starts. */
    static boolean isFragment(Bundle bundle) {
        return (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** Every bundle but the system bundle. */
    List<Bundle> bundles() {
        return Arrays.stream(context().getBundles()).filter(bundle -> bundle.getBundleId() != 0).collect(Collectors.toList());
    }

    /** The installed bundle with this symbolic name. */
    Bundle bundle(String symbolicName) {
        return bundles().stream().filter(bundle -> symbolicName.equals(bundle.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " installed; there are " + bundles()));
    }

    /**
     * The service registered under the class name, as the system bundle gets it. SCR activates
     * components on its own thread, so this waits (bounded) for the service to appear.
     */
    Object service(String className) {
        ServiceReference<?> reference = await().atMost(SERVICE_WAIT).pollInterval(Duration.ofMillis(10))
                .alias("a " + className + " service")
                .until(() -> serviceReference(className), Optional::isPresent)
                .orElseThrow();
        return context().getService(reference);
    }

    /**
     * The reference of a service registered under the class name now. The test's class path has
     * its own copy of the api classes, which the framework would count as another class space and
     * hide the bundles' services from the system bundle; "all" references are not filtered so.
     */
    Optional<ServiceReference<?>> serviceReference(String className) {
        try {
            ServiceReference<?>[] references = context().getAllServiceReferences(className, null);
            return references == null ? Optional.empty() : Optional.of(references[0]);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A class as the named bundle sees it (such as an api type, as every bundle wired to the api sees it). */
    Class<?> loadClass(String symbolicName, String className) {
        try {
            return bundle(symbolicName).loadClass(className);
        } catch (ClassNotFoundException missing) {
            throw new AssertionError(symbolicName + " cannot load " + className, missing);
        }
    }

    /**
     * Takes a framework that several tests share back to the bundles it booted with, after a test:
     * uninstalls every bundle installed since the boot (such as the test's probe, whose services go
     * with it, or a bundle that did not resolve), then checks that every bundle of the boot is still
     * there in the state it booted in.
     *
     * @throws AssertionError naming each bundle of the boot that the test stopped, started or
     *     uninstalled: a test that does so needs a framework of its own
     */
    void reset() throws BundleException {
        for (Bundle bundle : bundles()) {
            if (!booted.containsKey(bundle.getBundleId())) {
                bundle.uninstall();
            }
        }
        Map<Long, Integer> now = states();
        List<String> changed = new ArrayList<>();
        booted.forEach((id, state) -> {
            if (!state.equals(now.get(id))) {
                Bundle bundle = context().getBundle(id);
                changed.add(bundle == null ? "bundle [" + id + "] was uninstalled"
                        : describe(bundle) + " is " + stateName(now.get(id)) + ", booted " + stateName(state));
            }
        });
        if (!changed.isEmpty()) {
            throw new AssertionError("a test changed the bundles of a shared framework (it needs a framework of its own):\n"
                    + String.join("\n", changed));
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "in state " + state;
        };
    }

    private Map<Long, Integer> states() {
        return bundles().stream().collect(Collectors.toMap(Bundle::getBundleId, Bundle::getState));
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException | InterruptedException failed) {
            if (failed instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Felix did not stop", failed);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests with 'mvn verify' (failsafe sets it)");
        }
        return value;
    }
}
