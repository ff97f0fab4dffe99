package dev.quicregistry.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample's start as its user sees it: a new JVM runs {@code Main --serve} (both servers on
 * ephemeral ports), measured from the launch to the line saying it serves, after it has shown the
 * registry and talked to each server. The baseline: a new JVM with the same class path printing one
 * line ({@link JvmStarted}). {@value #RUNS} launches of each, alternating, after one of each
 * unmeasured; writes {@code latency <name> <p50 µs> <p99 µs>} lines to the file named by its one
 * argument (with {@value #RUNS} runs, p99 is the slowest).
 */
public final class SampleStart {

    static final int RUNS = 10;
    private static final String SERVING = "Serving until Ctrl-C";
    private static final long WAIT_SECONDS = 60;

    private SampleStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SampleStart <output file>");
        }
        long[] sample = new long[RUNS];
        long[] jvm = new long[RUNS];
        for (int run = -1; run < RUNS; run++) {
            long sampleNanos = timeToLine(List.of("dev.quicregistry.samples.Main", "--serve"), SERVING);
            long jvmNanos = timeToLine(List.of(JvmStarted.class.getName()), JvmStarted.LINE);
            if (run >= 0) {
                sample[run] = sampleNanos;
                jvm[run] = jvmNanos;
            }
        }
        String lines = Percentiles.line("sample-serving", sample) + Percentiles.line("jvm-started", jvm);
        Files.writeString(Path.of(args[0]), lines, StandardCharsets.UTF_8);
        System.out.print(lines);
    }

    /** Launches a JVM with this one's class path running {@code command}, and stops it once it printed {@code line}. */
    private static long timeToLine(List<String> command, String line) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"))
                .redirectErrorStream(true);
        builder.command().addAll(command);
        builder.environment().put("QUIC_SERVER_ECHO_PORT", "0");
        builder.environment().put("QUIC_SERVER_UPPER_PORT", "0");
        long launched = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String read; (read = out.readLine()) != null; ) {
                if (read.contains(line)) {
                    long elapsed = System.nanoTime() - launched;
                    process.destroy(); // SIGTERM: the sample's shutdown hook closes its container
                    if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        throw new IllegalStateException(command + " did not stop within " + WAIT_SECONDS + " s");
                    }
                    return elapsed;
                }
            }
        } finally {
            process.destroyForcibly();
        }
        throw new IllegalStateException(command + " ended (exit " + process.waitFor() + ") without printing '" + line + "'");
    }
}
