package dev.quicregistry.cdi;

import dev.quicregistry.api.NamedQuicServer;
import dev.quicregistry.api.QuicServer;
import dev.quicregistry.api.ServerInfo;
import dev.quicregistry.cdi.internal.LiteDirectory;
import dev.quicregistry.cdi.internal.ServerBeanRules;
import dev.quicregistry.cdi.internal.ServerInfoCreator;
import dev.quicregistry.cdi.internal.ServerLifecycle;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.MetaAnnotations;
import jakarta.enterprise.inject.build.compatible.spi.Registration;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.build.compatible.spi.Validation;
import jakarta.enterprise.lang.model.AnnotationInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * quic-registry for CDI Lite (Quarkus ArC and other build-time containers): finds and checks the
 * {@code @NamedQuicServer} beans at build time, adds a {@code ServerInfo} bean per server, and brings
 * in {@link ServerLifecycle} (the same lifecycle the portable extension adds), which starts the
 * servers at run time and provides the registries, and {@link LiteDirectory}.
 * Skipped where the portable {@link QuicRegistryExtension} runs, so a full container runs one of the two.
 *
 * <p>What CDI Lite moves: configuration is read when the application starts, not at build time, so
 * a bad port or host fails the start-up rather than the deployment, and a server configured
 * {@code enabled=false} still has a {@code ServerInfo} bean, whose injection then fails.
 * The container calls the phases one after another on one instance.
 */
@SkipIfPortableExtensionPresent(QuicRegistryExtension.class)
public class QuicRegistryBuildExtension implements BuildCompatibleExtension {

    private final Map<String, List<String>> serversByName = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Created by the container (ServiceLoader). */
    public QuicRegistryBuildExtension() {
    }

    /**
     * Declares the qualifier (a library jar may not be indexed, and then its annotations are unknown
     * to a build-time container) and adds the run-time beans.
     */
    @Discovery
    public void discover(MetaAnnotations metaAnnotations, ScannedClasses scannedClasses) {
        metaAnnotations.addQualifier(NamedQuicServer.class);
        scannedClasses.add(ServerLifecycle.class.getName());
        scannedClasses.add(LiteDirectory.class.getName());
    }

    /** Collects and checks every bean qualified {@code @NamedQuicServer}, as the portable extension does. */
    @Registration(types = Object.class)
    public void collect(BeanInfo bean) {
        Optional<AnnotationInfo> named = bean.qualifiers().stream()
                .filter(qualifier -> qualifier.name().equals(NamedQuicServer.class.getName())).findFirst();
        if (named.isEmpty() || bean.isSynthetic()) {
            return;
        }
        String description = describe(bean);
        String name = named.get().value().asString();
        int port = named.get().hasMember("port") ? named.get().member("port").asInt() : 0;
        String qualifier = ServerBeanRules.render(name, port);
        boolean isServer = bean.types().stream().anyMatch(type -> type.isClass()
                && type.asClass().declaration().name().equals(QuicServer.class.getName()));
        if (!isServer) {
            if (bean.isClassBean() && bean.declaringClass().hasAnnotation(NamedQuicServer.class)) {
                problems.add(ServerBeanRules.notAServer(description, qualifier));
            }
            return;
        }
        if (ServerBeanRules.check(description, qualifier, name, port, bean.scope().name(), problems::add)) {
            serversByName.computeIfAbsent(name, key -> new ArrayList<>()).add(description);
        }
    }

    /** A {@code @NamedQuicServer(name) ServerInfo} bean for each server: a snapshot of its entry at injection. */
    @Synthesis
    public void addServerInfoBeans(SyntheticComponents components) {
        for (String name : serversByName.keySet()) {
            components.addBean(ServerInfo.class)
                    .type(ServerInfo.class)
                    .qualifier(NamedQuicServerLiteral.of(name))
                    .scope(Dependent.class)
                    .withParam(ServerInfoCreator.NAME, name)
                    .createWith(ServerInfoCreator.class);
        }
    }

    /** Reports every problem found, duplicate names too, at once. */
    @Validation
    public void report(Messages messages) {
        problems.forEach(messages::error);
        serversByName.forEach((name, descriptions) -> {
            if (descriptions.size() > 1) {
                messages.error(ServerBeanRules.duplicateName(name, descriptions));
            }
        });
    }

    private static String describe(BeanInfo bean) {
        if (bean.isProducerMethod()) {
            return "producer method " + bean.producerMethod().declaringClass().name() + "." + bean.producerMethod().name() + "()";
        }
        if (bean.isProducerField()) {
            return "producer field " + bean.producerField().declaringClass().name() + "." + bean.producerField().name();
        }
        return "managed bean " + bean.declaringClass().name();
    }
}
