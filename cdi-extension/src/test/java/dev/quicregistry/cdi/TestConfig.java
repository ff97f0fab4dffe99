package dev.quicregistry.cdi;

import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps tests' configuration independent: system properties set through {@link #set} are cleared
 * after the test, and the config SmallRye caches per class loader is released before and after it,
 * so each test's container reads a config built from that test's properties.
 */
final class TestConfig implements BeforeEachCallback, AfterEachCallback {

    private final Set<String> keys = new LinkedHashSet<>();

    /** Sets a system property for this test; returns this for chaining. */
    TestConfig set(String key, String value) {
        keys.add(key);
        System.setProperty(key, value);
        release();
        return this;
    }

    /** Binds server {@code name} on 127.0.0.1 (the default host 0.0.0.0 is never bound in tests). */
    TestConfig loopback(String... names) {
        for (String name : names) {
            set("quic.server." + name + ".host", "127.0.0.1");
        }
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        release();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        keys.forEach(System::clearProperty);
        keys.clear();
        release();
    }

    /** Drops the cached config of the current class loader; the next getConfig() builds a fresh one. */
    static void release() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(ConfigProvider.getConfig());
    }
}
