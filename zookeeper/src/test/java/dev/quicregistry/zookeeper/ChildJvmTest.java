package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicregistry.testing.Ensemble;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real child JVM publishes a server and is killed with {@code destroyForcibly()}: no goodbye, its
 * ZooKeeper session simply stops. It must leave this JVM's directory within its session timeout
 * (4 s) plus one second.
 */
class ChildJvmTest {

    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Test
    void aKilledJvmDropsOutWithinItsSessionTimeoutPlusOneSecond() throws Exception {
        try (Ensemble ensemble = Ensemble.started(3);
             ZooKeeperDirectory reading = ZooKeeperDirectory.builder().connectString(ensemble.connectString()).build()) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PublishingChild.class.getName(),
                    ensemble.connectString(), "child-api", Long.toString(SESSION.toMillis()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> readLine(output)).get(60, TimeUnit.SECONDS);
                assertThat(line).startsWith("published ");
                int port = Integer.parseInt(line.substring("published ".length()));
                await().atMost(Duration.ofSeconds(15)).until(() -> reading.endpoints("child-api").size() == 1);
                assertThat(reading.endpoints("child-api").get(0).port()).isEqualTo(port);

                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

                await().atMost(SESSION.plus(GRACE)).pollInterval(Duration.ofMillis(50))
                        .until(() -> reading.endpoints("child-api").isEmpty());
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static String readLine(BufferedReader output) {
        try {
            return output.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
