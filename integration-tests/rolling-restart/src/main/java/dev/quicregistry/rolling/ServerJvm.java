package dev.quicregistry.rolling;

import dev.quicregistry.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RollServer} child process, seen from the driving JVM: started with this JVM's class
 * path, its standard error written to a log file, its standard output read line by line on a
 * thread of its own. Closing it kills the process if it is still alive.
 */
public final class ServerJvm implements AutoCloseable {

    private static final Duration START_BOUND = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;
    private final AtomicInteger holding = new AtomicInteger();

    private ServerJvm(Process process, Path log) throws IOException, InterruptedException, TimeoutException {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readLines, "roll-server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        String published = nextLine(START_BOUND);
        if (!published.startsWith(RollServer.PUBLISHED)) {
            throw new IOException("server JVM " + process.pid() + " printed '" + published + "' instead of its port; log: " + log);
        }
        this.port = Integer.parseInt(published.substring(RollServer.PUBLISHED.length()));
    }

    /** Starts a server JVM publishing {@code name} through {@code connectString} under {@code basePath}; returns once published. */
    static ServerJvm start(String connectString, String basePath, String name, TestCertificates certificates, Path logDirectory)
            throws IOException, InterruptedException, TimeoutException {
        Path log = Files.createTempFile(logDirectory, "server-", ".log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RollServer.class.getName(), connectString, basePath, name,
                certificates.certificateChainPem().toString(), certificates.privateKeyPem().toString()))
                .redirectError(log.toFile()).start();
        try {
            return new ServerJvm(process, log);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The port its server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** Has it drain its server with {@code grace}, and waits (bounded) for the drain to end and the JVM to exit. */
    void drainAndExit(Duration grace) throws IOException, InterruptedException, TimeoutException {
        Writer commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        commands.write(RollServer.DRAIN + grace + "\n");
        commands.flush();
        Duration bound = grace.plus(START_BOUND);
        String answer = nextLine(bound);
        if (!answer.equals(RollServer.DRAINED)) {
            throw new IOException("server JVM " + process.pid() + " answered '" + answer + "' to the drain; log: " + log);
        }
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("server JVM " + process.pid() + " did not exit within " + bound + " after its drain");
        }
    }

    /** How many long requests began their hold there. */
    public int holding() {
        return holding.get();
    }

    /** What it logged (its standard error) so far. */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private String nextLine(Duration bound) throws InterruptedException, TimeoutException {
        String line = lines.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new TimeoutException("server JVM " + process.pid() + " printed nothing within " + bound
                    + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; log: " + log);
        }
        return line;
    }

    private void readLines() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.equals(RollServer.HOLDING)) {
                    holding.incrementAndGet();
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the process's pipe broke: the thread ends, waits time out
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "server JVM " + process.pid() + " on port " + port;
    }
}
