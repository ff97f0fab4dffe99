package dev.quicregistry.quarkusapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The BOM and this module have no parent (see their poms), so the versions they write are also
 * the parent's: one version per thing still, checked here, and every artifact the build manages
 * for users is in the BOM.
 */
class BomVersionsTest {

    private static final Path ROOT = Path.of("..", "..");

    @Test
    void theBomAndThisApplicationUseTheParentsVersions() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("bom").resolve("pom.xml"));
        Document application = read(Path.of("pom.xml"));

        String version = text(parent, "/project/version");
        assertThat(text(bom, "/project/version")).isEqualTo(version);
        assertThat(text(application, "/project/version")).isEqualTo(version);
        assertThat(text(bom, "/project/properties/netty.version")).isEqualTo(text(parent, "/project/properties/netty.version"));
        assertThat(text(application, "/project/properties/quarkus.version")).isEqualTo(text(parent, "/project/properties/quarkus.version"));
        assertThat(text(application, "/project/dependencies/dependency[artifactId='bcpkix-jdk18on']/version"))
                .isEqualTo(text(parent, "/project/properties/bouncycastle.version"));
        assertThat(text(application, "/project/dependencies/dependency[artifactId='assertj-core']/version"))
                .isEqualTo(text(parent, "/project/properties/assertj.version"));
    }

    @Test
    void theBomHasEveryArtifactOfTheProjectThatUsersDependOn() throws Exception {
        List<String> managed = strings(read(ROOT.resolve("pom.xml")),
                "/project/dependencyManagement/dependencies/dependency[groupId='dev.quicregistry']/artifactId");
        managed.remove("quic-registry-test-support"); // the tests' helpers: not for users
        managed.remove("quic-registry-rolling-restart"); // the tests' and benchmarks' rolling-restart scenario: neither
        List<String> inBom = strings(read(ROOT.resolve("bom").resolve("pom.xml")),
                "/project/dependencyManagement/dependencies/dependency[groupId='dev.quicregistry']/artifactId");

        assertThat(managed).isNotEmpty();
        assertThat(inBom).containsAll(managed).contains("quic-registry-quarkus", "quic-registry-quarkus-deployment");
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String text(Document pom, String path) throws Exception {
        String value = XPathFactory.newInstance().newXPath().evaluate(path, pom).trim();
        assertThat(value).as(path).isNotEmpty();
        return value;
    }

    private static List<String> strings(Document pom, String path) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(path, pom, XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().trim());
        }
        return values;
    }
}
