package dev.quicregistry.wildfly;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A WildFly of the build's own, run as a child process bound to 127.0.0.1 only (its sockets
 * shifted by a port offset that leaves them all free), with the {@code standalone-microprofile}
 * configuration: deployments through the deployment scanner's marker files, readiness from
 * MicroProfile Health on the management port, and its JVM's class counts through {@code jcmd}.
 */
final class WildFlyServer implements AutoCloseable {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration DEPLOYMENT = Duration.ofSeconds(60);
    /** The TCP sockets of standalone-microprofile.xml, before the offset (ajp, http, https, management, transactions). */
    private static final int[] PORTS = {8009, 8080, 8443, 9990, 9993, 4712, 4713};

    private final Path home;
    private final Path log;
    private final Path pidFile;
    private final int offset;
    private final Process launcher;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WildFlyServer(Path home, Path log, Path pidFile, int offset, Process launcher) {
        this.home = home;
        this.log = log;
        this.pidFile = pidFile;
        this.offset = offset;
        this.launcher = launcher;
    }

    /** Starts WildFly from {@code home} with these system properties, and waits until its readiness endpoint answers. */
    static WildFlyServer start(Path home, Path work, Map<String, String> systemProperties) throws IOException {
        Files.createDirectories(work);
        int offset = freeOffset();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-microprofile.xml", "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        Path log = work.resolve("server.log");
        Path pidFile = work.resolve("wildfly.pid");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        builder.environment().put("JBOSS_PIDFILE", pidFile.toString());
        WildFlyServer server = new WildFlyServer(home, log, pidFile, offset, builder.start());
        // a test JVM ended from outside (a timeout) still takes its WildFly with it
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "wildfly-stop"));
        try {
            await().atMost(BOOT).pollInterval(Duration.ofMillis(200)).alias("WildFly's readiness endpoint (log: " + log + ")")
                    .until(() -> server.readiness().isPresent());
        } catch (RuntimeException | Error failed) {
            server.close();
            throw failed;
        }
        return server;
    }

    /** An offset at which every socket of the configuration is free. */
    private static int freeOffset() {
        for (int offset = 20_000; offset < 30_000; offset += 137) {
            int base = offset;
            if (Arrays.stream(PORTS).allMatch(port -> tcpFree(port + base))) {
                return offset;
            }
        }
        throw new IllegalStateException("no port offset with WildFly's sockets free on 127.0.0.1");
    }

    /** Whether a TCP socket can bind {@code port} on 127.0.0.1 now (WildFly's sockets are TCP). */
    private static boolean tcpFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Deploys {@code war} (the scanner's way) and waits until it is deployed. */
    void deploy(Path war) throws IOException {
        Path deployments = home.resolve("standalone/deployments");
        String name = war.getFileName().toString();
        Files.deleteIfExists(deployments.resolve(name + ".undeployed"));
        Path staged = deployments.resolve(name + ".staging");
        Files.copy(war, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deployments.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(DEPLOYMENT).pollInterval(Duration.ofMillis(100)).alias(name + " deployed (log: " + log + ")")
                .until(() -> marker(name, ".deployed") || marker(name, ".failed"));
        if (marker(name, ".failed")) {
            throw new AssertionError(name + " failed to deploy: " + Files.readString(deployments.resolve(name + ".failed")));
        }
    }

    /** Undeploys it (removes the archive) and waits until it is undeployed. */
    void undeploy(String name) throws IOException {
        Files.delete(home.resolve("standalone/deployments").resolve(name));
        await().atMost(DEPLOYMENT).pollInterval(Duration.ofMillis(100)).alias(name + " undeployed (log: " + log + ")")
                .until(() -> marker(name, ".undeployed"));
    }

    private boolean marker(String name, String suffix) {
        return Files.exists(home.resolve("standalone/deployments").resolve(name + suffix));
    }

    /** The body of {@code /health/ready} on the management port, where it answers (UP or DOWN). */
    Optional<String> readiness() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + (9990 + offset) + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 || response.statusCode() == 503 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException notYet) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The classes its JVM holds now, after two full collections (loaded minus unloaded, from the
     * JVM's performance counters): what a deployment left behind stays counted.
     */
    long liveClasses() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        String counters = jcmd("PerfCounter.print");
        return counter(counters, "java.cls.loadedClasses") - counter(counters, "java.cls.unloadedClasses");
    }

    private static long counter(String counters, String name) {
        Matcher value = Pattern.compile(Pattern.quote(name) + "=(\\d+)").matcher(counters);
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " among the JVM's counters");
        }
        return Long.parseLong(value.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process jcmd = new ProcessBuilder(java.resolveSibling("jcmd").toString(), String.valueOf(pid()), command)
                .redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** The server's log so far, for a failure's message. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        try {
            if (Files.exists(pidFile)) {
                ProcessHandle.of(pid()).ifPresent(jvm -> {
                    jvm.destroy();
                    jvm.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(slow -> {
                        jvm.destroyForcibly();
                        return jvm;
                    }).join();
                });
            }
        } catch (IOException | RuntimeException unreadable) {
            // the launcher below is ended anyway
        } finally {
            launcher.destroy();
            try (Stream<ProcessHandle> children = launcher.descendants()) {
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }
}
