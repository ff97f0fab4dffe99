package dev.quicregistry.quarkus.deployment;

import dev.quicregistry.cdi.ConfigKeys;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.ExcludedTypeBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Produce;
import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.pkg.builditem.ArtifactResultBuildItem;
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
    /*
     * By name, never by class literal: a check class implements MicroProfile Health's HealthCheck,
     * which an application without SmallRye Health does not have, and loading it there fails the build.
     */
    private static final String SERVERS_CHECK = "dev.quicregistry.health.QuicServersHealthCheck";
    private static final String DIRECTORY_CHECK = "dev.quicregistry.health.QuicDirectoryHealthCheck";
    private static final String METRICS_BINDING = "dev.quicregistry.micrometer.MetricsBinding";

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
            excluded.produce(new ExcludedTypeBuildItem(SERVERS_CHECK));
            excluded.produce(new ExcludedTypeBuildItem(DIRECTORY_CHECK));
            return;
        }
        checks.produce(new HealthBuildItem(SERVERS_CHECK, true));
        boolean directory = ConfigProvider.getConfig().getOptionalValue(ConfigKeys.DIRECTORY_CONNECT, String.class)
                .filter(connect -> !connect.isBlank()).isPresent();
        if (directory) {
            checks.produce(new HealthBuildItem(DIRECTORY_CHECK, true));
        } else {
            // quic-registry-health is a bean archive (for WildFly), and ArC does not read its scan exclusion
            excluded.produce(new ExcludedTypeBuildItem(DIRECTORY_CHECK));
        }
    }

    /** The registries' meters, bound to the application's {@code MeterRegistry}, only with Micrometer. */
    @BuildStep
    void meters(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans, BuildProducer<ExcludedTypeBuildItem> excluded) {
        if (capabilities.isPresent(Capability.METRICS)) { // what quarkus-micrometer provides (SmallRye Metrics is gone from Quarkus 3)
            beans.produce(AdditionalBeanBuildItem.unremovableOf(METRICS_BINDING));
        } else {
            excluded.produce(new ExcludedTypeBuildItem(METRICS_BINDING)); // its build-compatible extension adds it
        }
    }

    /** Fails the build where the QUIC binding would fail at start-up: its Netty 4.2 beside a Netty 4.1. */
    @BuildStep
    @Produce(ArtifactResultBuildItem.class) // produces nothing: Quarkus runs such a step only when told so
    void requireOneNetty() {
        NettyAlignment.problem(Thread.currentThread().getContextClassLoader()).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    @BuildStep
    void keepNettyCleaner(BuildProducer<BytecodeTransformerBuildItem> transformers) {
        NettyCleanerGuard.transformer().ifPresent(transformers::produce);
    }
}
