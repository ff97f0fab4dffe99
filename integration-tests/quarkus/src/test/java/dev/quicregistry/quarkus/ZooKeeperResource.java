package dev.quicregistry.quarkus;

import dev.quicregistry.testing.Ensemble;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real ZooKeeper (one server of Curator's testing cluster, on 127.0.0.1) for the application
 * under test, started before Quarkus and handed to it as {@code quic.registry.zookeeper.connect}.
 */
public class ZooKeeperResource implements QuarkusTestResourceLifecycleManager {

    private Ensemble ensemble;

    @Override
    public Map<String, String> start() {
        try {
            ensemble = Ensemble.started(1);
        } catch (Exception e) {
            throw new IllegalStateException("the test's ZooKeeper did not start", e);
        }
        return Map.of("quic.registry.zookeeper.connect", ensemble.connectString(),
                "quic.registry.zookeeper.base-path", "/quarkus-test");
    }

    @Override
    public void stop() {
        try {
            ensemble.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
