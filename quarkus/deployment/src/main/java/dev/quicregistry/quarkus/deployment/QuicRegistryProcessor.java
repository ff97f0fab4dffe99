package dev.quicregistry.quarkus.deployment;

import dev.quicregistry.cdi.ConfigKeys;
import dev.quicregistry.health.QuicDirectoryHealthCheck;
import dev.quicregistry.health.QuicServersHealthCheck;
import dev.quicregistry.micrometer.MetricsBinding;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.ExcludedTypeBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The build steps of the quic-registry extension. The component's beans, lifecycle and definition
 * errors come from its build-compatible extension, which ArC runs; these steps add what depends on
 * the application: the readiness checks where SmallRye Health is present, the meters where
 * Micrometer is, and Netty 4.2's own direct-buffer cleaner where Quarkus' Netty support would
 * rewrite it for Netty 4.1 ({@link NettyCleanerGuard}).
 */
class QuicRegistryProcessor {

    private static final String FEATURE = "quic-registry";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * {@code quic-servers} always, {@code quic-directory} where a directory is configured (read at
     * build time: the check is a bean or not), both only with SmallRye Health.
     */
    @BuildStep
    void readinessChecks(Capabilities capabilities, BuildProducer<HealthBuildItem> checks, BuildProducer<ExcludedTypeBuildItem> excluded) {
        if (capabilities.isMissing(Capability.SMALLRYE_HEALTH)) {
            // quic-registry-health's build-compatible extension adds them where MicroProfile Health's API is
            // on the class path; without Quarkus' health extension nobody would call them
            excluded.produce(new ExcludedTypeBuildItem(QuicServersHealthCheck.class.getName()));
            excluded.produce(new ExcludedTypeBuildItem(QuicDirectoryHealthCheck.class.getName()));
            return;
        }
        checks.produce(new HealthBuildItem(QuicServersHealthCheck.class.getName(), true));
        boolean directory = ConfigProvider.getConfig().getOptionalValue(ConfigKeys.DIRECTORY_CONNECT, String.class)
                .filter(connect -> !connect.isBlank()).isPresent();
        if (directory) {
            checks.produce(new HealthBuildItem(QuicDirectoryHealthCheck.class.getName(), true));
        }
    }

    /** The registries' meters, bound to the application's {@code MeterRegistry}, only with Micrometer. */
    @BuildStep
    void meters(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans, BuildProducer<ExcludedTypeBuildItem> excluded) {
        if (capabilities.isPresent(Capability.METRICS)) { // what quarkus-micrometer provides (SmallRye Metrics is gone from Quarkus 3)
            beans.produce(AdditionalBeanBuildItem.unremovableOf(MetricsBinding.class));
        } else {
            excluded.produce(new ExcludedTypeBuildItem(MetricsBinding.class.getName())); // its build-compatible extension adds it
        }
    }

    @BuildStep
    void keepNettyCleaner(BuildProducer<BytecodeTransformerBuildItem> transformers) {
        NettyCleanerGuard.transformer().ifPresent(transformers::produce);
    }
}
