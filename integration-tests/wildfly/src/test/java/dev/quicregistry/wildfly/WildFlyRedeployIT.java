package dev.quicregistry.wildfly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.testing.Ports;
import dev.quicregistry.testing.QuicTestClient;
import dev.quicregistry.testing.TestCertificates;
import dev.quicregistry.wildfly.app.EchoServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * A WAR that declares a {@code @NamedQuicServer} on the Netty binding, in a real WildFly 39 started
 * by the build: deployed, the server answers a QUIC client and WildFly's own MicroProfile Health
 * shows {@code quic-servers} UP with its port (configured through WildFly's own MicroProfile
 * Config: system properties of the server); undeployed, the port is free; redeployed three times,
 * it answers each time, and the classes the server's JVM holds after the last undeployment stay
 * within {@value #CLASS_GROWTH_BOUND} of those after the second: one deployment holds about 180
 * classes, so a redeployment that kept its deployment would pass the bound. (The first
 * undeployment leaves about one deployment's worth that stays: docs/runtimes.md.) Netty 4.2 and
 * its native QUIC library are one module of the server, as docs/runtimes.md tells users;
 * quic-registry's jars are in the WAR.
 */
@TestInstance(Lifecycle.PER_CLASS)
class WildFlyRedeployIT {

    /** Classes two more redeployments may leave: less than one deployment's (about 180). */
    static final long CLASS_GROWTH_BOUND = 100;
    private static final String WAR = "quic-echo.war";
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Pattern ECHO_PORT = Pattern.compile("\"echo\\.port\"\\s*:\\s*(\\d+)");

    private Path work;
    private TestCertificates certificates;
    private WildFlyServer server;
    private Path war;

    @BeforeAll
    void startWildFly() throws Exception {
        Path home = Path.of(required("quicregistry.wildfly.home"));
        work = Files.createDirectories(Path.of(required("quicregistry.work")));
        certificates = TestCertificates.writeTo(Files.createTempDirectory(work, "certificates-"));
        installNettyModule(home.resolve("modules/dev/quicregistry/netty/main"), Path.of(required("quicregistry.netty.module")));
        war = assembleWar(work.resolve(WAR), Path.of(required("quicregistry.war.lib")));
        server = WildFlyServer.start(home, work, Map.of(
                "quic.server.echo.host", "127.0.0.1",
                "quic.server.echo.alpn", "echo",
                "quic.server.echo.cert", certificates.certificateChainPem().toString(),
                "quic.server.echo.key", certificates.privateKeyPem().toString()));
    }

    @AfterAll
    void stopWildFly() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void deployedItAnswersUndeployedItsPortIsFreeAndRedeploymentsLeaveNoClassesBehind() throws Exception {
        List<Long> classesAfterUndeployment = new ArrayList<>();
        for (int deployment = 1; deployment <= 4; deployment++) {
            server.deploy(war);
            String ready = await().atMost(BOUND).until(() -> server.readiness().orElse(""), body -> ECHO_PORT.matcher(body).find());
            assertThat(ready.replaceAll("\\s", "")).contains("{\"name\":\"quic-servers\",\"status\":\"UP\"");
            int port = echoPort(ready);
            try (QuicTestClient client = QuicTestClient.connect(port, "echo", certificates.trusted())) {
                assertThat(client.exchange("deployment " + deployment)).isEqualTo("deployment " + deployment);
            }

            server.undeploy(WAR);
            await().atMost(BOUND).until(() -> Ports.isFree(port));
            classesAfterUndeployment.add(server.liveClasses());
        }
        assertThat(classesAfterUndeployment.get(3) - classesAfterUndeployment.get(1))
                .as("classes kept by two more deployments, after each undeployment: %s", classesAfterUndeployment)
                .isLessThan(CLASS_GROWTH_BOUND);
    }

    private static int echoPort(String readiness) {
        Matcher port = ECHO_PORT.matcher(readiness);
        assertThat(port.find()).as(readiness).isTrue();
        return Integer.parseInt(port.group(1));
    }

    /** The module {@code dev.quicregistry.netty}: Netty 4.2's jars and the native QUIC library, shared by deployments. */
    private static void installNettyModule(Path module, Path jars) throws IOException {
        Files.createDirectories(module);
        List<String> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(jars)) {
            for (Path jar : files.sorted().toList()) {
                Files.copy(jar, module.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                resources.add("    <resource-root path=\"" + jar.getFileName() + "\"/>");
            }
        }
        Files.writeString(module.resolve("module.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <module xmlns="urn:jboss:module:1.9" name="dev.quicregistry.netty">
                  <resources>
                %s
                  </resources>
                  <dependencies>
                    <module name="java.se"/>
                    <module name="jdk.unsupported"/>
                    <module name="org.slf4j"/>
                  </dependencies>
                </module>
                """.formatted(String.join("\n", resources)));
    }

    /** The application: its classes, quic-registry's jars, beans.xml, and a dependency on the Netty module. */
    private static Path assembleWar(Path war, Path libraries) throws IOException, URISyntaxException {
        Path classes = Path.of(EchoServers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path appPackage = classes.resolve(EchoServers.class.getPackageName().replace('.', '/'));
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out)) {
            try (Stream<Path> files = Files.list(appPackage)) {
                for (Path file : files.filter(file -> file.toString().endsWith(".class")).sorted().toList()) {
                    add(zip, "WEB-INF/classes/" + classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            try (Stream<Path> files = Files.list(libraries)) {
                for (Path jar : files.sorted().toList()) {
                    add(zip, "WEB-INF/lib/" + jar.getFileName(), Files.readAllBytes(jar));
                }
            }
            add(zip, "WEB-INF/beans.xml", """
                    <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
                    """.getBytes(StandardCharsets.UTF_8));
            add(zip, "WEB-INF/jboss-deployment-structure.xml", """
                    <jboss-deployment-structure xmlns="urn:jboss:deployment-structure:1.2">
                      <deployment>
                        <dependencies>
                          <module name="dev.quicregistry.netty"/>
                        </dependencies>
                      </deployment>
                    </jboss-deployment-structure>
                    """.getBytes(StandardCharsets.UTF_8));
        }
        return war;
    }

    private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run with 'mvn verify' (failsafe sets it)");
        }
        return value;
    }
}
