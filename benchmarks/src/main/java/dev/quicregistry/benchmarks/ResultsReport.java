package dev.quicregistry.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH CSV results, the heap lines of {@link HeapPerConnection} and the latency lines of
 * {@link DirectoryLatency}, {@link ReconnectionLatency} and {@link SampleStart} into
 * {@code RESULTS.md}: each measurement beside its baseline from the same run, the ratio, the
 * target and whether it is met. A registry operation and its map baseline are one {@link Paired}
 * benchmark; elsewhere a baseline is the method of the same name with the suffix {@code Baseline}.
 *
 * <p>Usage: {@code ResultsReport <RESULTS.md> <machine> <run length> <heap.txt> <latency.txt> <jmh.csv>...}
 */
public final class ResultsReport {

    /** Above this error (relative to the score) a ratio cannot be told from its target. */
    static final double NOISY = 0.10;

    private ResultsReport() {
    }

    /** Reads the results, writes the report. */
    public static void main(String[] args) throws IOException {
        if (args.length < 6) {
            throw new IllegalArgumentException(
                    "usage: ResultsReport <RESULTS.md> <machine> <run length> <heap.txt> <latency.txt> <jmh.csv>...");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            rows.addAll(JmhCsv.read(Path.of(args[i])));
        }
        Map<String, Double> heap = readHeap(Path.of(args[3]));
        Map<String, double[]> latency = readLatency(Path.of(args[4]));
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark results\n\n")
                .append("Written by `benchmarks/run`; every ratio compares two measurements of the same run.\n\n")
                .append("- Machine: ").append(args[1]).append('\n')
                .append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n')
                .append("- Run length: ").append(args[2]).append('\n')
                .append("- Registry against map: each operation and its baseline are timed in alternating batches on ")
                .append("the same thread (`Paired`), one JMH fork per sample; \"met\" needs the 95% interval of the ")
                .append("mean ratio at or above the target. Elsewhere ± is JMH's 99.9% error and \"noisy\" marks an ")
                .append("error above ").append(Math.round(NOISY * 100)).append("% of the score.\n\n");
        appendPaired(out, rows);
        appendRequestReply(out, rows);
        appendReconnection(out, latency);
        appendContainerStart(out, rows);
        appendSampleStart(out, latency);
        appendHeap(out, heap);
        appendDirectoryLatency(out, latency);
        appendRollingRestart(out, latency);
        Files.writeString(Path.of(args[0]), out.toString(), StandardCharsets.UTF_8);
    }

    /**
     * One row per {@link Paired} benchmark. Each fork (one CSV file each: {@code benchmarks/run}
     * runs a JMH fork per file) gives a ratio, the baseline's time over the registry's for the same
     * operations, both measured side by side; the row gives their mean, their range, and a 95%
     * confidence interval of the mean (Student's t over the forks). Forks differ by more than
     * iterations do (each compiles and lays out its code anew), so the forks are the samples.
     * "yes" when the whole interval is at or above the target, "no" when it is below, "can't
     * tell" when it straddles the target.
     */
    private static void appendPaired(StringBuilder out, List<Row> rows) {
        out.append("## Registry operations against ConcurrentHashMap, measured side by side\n\n")
                .append("Time per operation on one thread, mean over the forks; ratio = baseline time / registry time ")
                .append("(above 1: the registry is faster).\n\n")
                .append("| benchmark | threads | params | registry (ns/op) | baseline (ns/op) | ratio (range over forks) ")
                .append("| 95% interval | target | met |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        pairedForks(rows).forEach((key, forks) -> {
            String[] parts = key.split("\\|");
            if (parts[0].startsWith("QuicRequestReplyBenchmark.")) {
                return; // not against a map: a table of its own
            }
            double target = target(parts[0]);
            Spread ratio = Spread.of(forks.stream().map(Fork::ratio).toList());
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2fx (%.2f-%.2f, %d forks) | %s | at least %.2fx | %s |%n",
                    parts[0], parts[1], parts[2],
                    forks.stream().mapToDouble(Fork::registryNanosPerOperation).average().orElse(Double.NaN),
                    forks.stream().mapToDouble(Fork::baselineNanosPerOperation).average().orElse(Double.NaN),
                    ratio.mean(), ratio.min(), ratio.max(), forks.size(), ratio.intervalText(), target, ratio.against(target)));
        });
        out.append('\n');
    }

    /** Every {@link Paired} benchmark's forks, by {@code Class.method|threads|params}. */
    static Map<String, List<Fork>> pairedForks(List<Row> rows) {
        Map<String, List<Fork>> byBenchmark = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.name().endsWith(":registryNanos")) {
                Row baseline = find(rows, row.pairedName() + ":baselineNanos", row.mode(), row.threads(), row.params(), row.source());
                Row operations = find(rows, row.pairedName() + ":operations", row.mode(), row.threads(), row.params(), row.source());
                if (baseline != null && operations != null) {
                    byBenchmark.computeIfAbsent(row.shortPairedName() + "|" + row.threads() + "|" + row.params(),
                            key -> new ArrayList<>()).add(new Fork(row.score(), baseline.score(), operations.score()));
                }
            }
        }
        return byBenchmark;
    }

    /** One fork of a {@link Paired} benchmark: the sums of its measured iterations. */
    record Fork(double registryNanos, double baselineNanos, double operations) {

        double ratio() {
            return baselineNanos / registryNanos;
        }

        double registryNanosPerOperation() {
            return registryNanos / operations;
        }

        double baselineNanosPerOperation() {
            return baselineNanos / operations;
        }
    }

    /** Values' mean, extremes and the 95% confidence interval of their mean. */
    record Spread(double mean, double min, double max, double standardDeviation, int count) {

        /** Student's t, two-sided 95%, for 1 to 9 degrees of freedom; 2.0 from 10 on. */
        private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262};

        static Spread of(List<Double> values) {
            DoubleSummaryStatistics stats = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            double mean = stats.getAverage();
            double squares = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum();
            double deviation = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : Double.NaN;
            return new Spread(mean, stats.getMin(), stats.getMax(), deviation, values.size());
        }

        /** "yes" when the whole 95% interval is at or above {@code target}, "no" when it is below, else "can't tell". */
        String against(double target) {
            double[] interval = interval95();
            return interval[0] >= target ? "yes" : interval[1] < target ? "no" : "can't tell";
        }

        String intervalText() {
            double[] interval = interval95();
            return count < 2 ? "-" : String.format(Locale.ROOT, "%.2f-%.2f", interval[0], interval[1]);
        }

        /** The 95% confidence interval of the mean; unbounded with one value. */
        double[] interval95() {
            if (count < 2) {
                return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
            }
            double t = count - 1 <= T95.length ? T95[count - 2] : 2.0;
            double half = t * standardDeviation / Math.sqrt(count);
            return new double[] {mean - half, mean + half};
        }
    }

    private static void appendRequestReply(StringBuilder out, List<Row> rows) {
        List<Fork> forks = pairedForks(rows).get("QuicRequestReplyBenchmark.requestReply|1|-");
        if (forks == null) {
            return;
        }
        Spread ratio = Spread.of(forks.stream().map(Fork::ratio).toList());
        double registryMs = forks.stream().mapToDouble(Fork::registryNanosPerOperation).average().orElse(Double.NaN) / 1e6;
        double bareMs = forks.stream().mapToDouble(Fork::baselineNanosPerOperation).average().orElse(Double.NaN) / 1e6;
        out.append("## QUIC request/reply over loopback: a registered NettyQuicServer against a bare Netty QUIC server\n\n")
                .append("One 256-byte request and its echo per new stream of an open connection, one in flight; the same ")
                .append("bare Netty client for both. Throughput side by side (batches of 10 exchanges with each server in ")
                .append("turn), one JMH fork per sample; latency from JMH's sample mode.\n\n")
                .append("| measure | registered NettyQuicServer | bare Netty QUIC server | ratio | target | met |\n")
                .append("|---|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| throughput | %.3f ops/ms | %.3f ops/ms | %.2fx (%.2f-%.2f, %d forks; 95%%: %s) | at least 0.95x | %s |%n",
                        1 / registryMs, 1 / bareMs, ratio.mean(), ratio.min(), ratio.max(), forks.size(),
                        ratio.intervalText(), ratio.against(0.95)));
        String name = "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.latency";
        for (String percentile : List.of("p0.50", "p0.99")) {
            Row mine = find(rows, name + ":" + percentile, "sample", 1, "-");
            Row bare = find(rows, name + "Baseline:" + percentile, "sample", 1, "-");
            if (mine != null && bare != null) {
                out.append(String.format(Locale.ROOT, "| %s latency | %.3f %s | %.3f %s | %.2fx | reported | |%n",
                        percentile.replace("p0.", "p"), mine.score(), mine.unit(), bare.score(), bare.unit(),
                        mine.score() / bare.score()));
            }
        }
        out.append('\n');
    }

    private static void appendReconnection(StringBuilder out, Map<String, double[]> latency) {
        double[] replaced = latency.get("reconnect-replaced");
        double[] reply = latency.get("reconnect-first-reply");
        double[] connected = latency.get("bare-connected");
        double[] bareReply = latency.get("bare-first-reply");
        if (replaced == null || reply == null || connected == null || bareReply == null) {
            return;
        }
        out.append("## Reconnection after a server restart (").append(ReconnectionLatency.ROUNDS)
                .append(" restarts, backoff fixed at 1 ms)\n\n")
                .append("From the new server's registration; the baseline is a bare Netty QUIC client dialing the new ")
                .append("port it was told, right after.\n\n")
                .append("| path | p50 (µs) | p99 (µs) | baseline | baseline p50 (µs) | baseline p99 (µs) |\n")
                .append("|---|---|---|---|---|---|\n")
                .append(latencyPair("ReconnectingQuicClient: restart -> ConnectionReplaced", replaced, "bare connect", connected))
                .append(latencyPair("ReconnectingQuicClient: restart -> first reply on the new connection", reply,
                        "bare connect + first reply", bareReply))
                .append('\n');
    }

    private static String latencyPair(String path, double[] mine, String baseline, double[] base) {
        return String.format(Locale.ROOT, "| %s | %.0f (%.2fx) | %.0f (%.2fx) | %s | %.0f | %.0f |%n",
                path, mine[0], mine[0] / base[0], mine[1], mine[1] / base[1], baseline, base[0], base[1]);
    }

    private static void appendContainerStart(StringBuilder out, List<Row> rows) {
        List<Row> starts = rows.stream().filter(r -> r.mode().equals("ss") && !r.isBaseline()).toList();
        if (starts.isEmpty()) {
            return;
        }
        out.append("## Weld SE container start: @NamedQuicServer beans against the same beans without the qualifier\n\n")
                .append("| servers | with extension (ms) | without qualifier (ms) | added per server (ms) | target | met |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Row row : starts) {
            Row base = find(rows, row.baselineName(), "ss", row.threads(), row.params());
            int servers = Integer.parseInt(row.paramValues().getOrDefault("servers", "1"));
            double perServer = base == null ? Double.NaN : (row.score() - base.score()) / servers;
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | at most 1 ms | %s |%n",
                    servers, row.scoreText(), base == null ? "-" : base.scoreText(),
                    base == null ? "-" : String.format(Locale.ROOT, "%.3f", perServer),
                    base == null ? "-" : verdict(perServer <= 1.0, row, base)));
        }
        out.append('\n');
    }

    private static void appendSampleStart(StringBuilder out, Map<String, double[]> latency) {
        double[] sample = latency.get("sample-serving");
        double[] jvm = latency.get("jvm-started");
        if (sample == null || jvm == null) {
            return;
        }
        out.append("## The sample's start (").append(SampleStart.RUNS).append(" launches of a new JVM)\n\n")
                .append("| path | p50 (ms) | slowest (ms) |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| `Main --serve`: launch -> serving (certificate, Weld, two servers, "
                        + "a client of each) | %.0f | %.0f |%n", sample[0] / 1_000, sample[1] / 1_000))
                .append(String.format(Locale.ROOT, "| baseline: launch -> one line printed, same class path | %.0f | %.0f |%n",
                        jvm[0] / 1_000, jvm[1] / 1_000))
                .append('\n');
    }

    private static void appendHeap(StringBuilder out, Map<String, Double> heap) {
        if (heap.isEmpty()) {
            return;
        }
        Double registry = heap.get("connectionRegistry");
        Double baseline = heap.get("connectionRegistryBaseline");
        out.append("## Heap retained per registered connection (")
                .append(HeapPerConnection.ENTRIES).append(" entries, after GC)\n\n")
                .append("| structure | bytes per entry | ratio | target | met |\n|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| LocalConnectionRegistry | %.1f | %.2fx | at most 2x | %s |%n",
                        registry, registry / baseline, registry / baseline <= 2 ? "yes" : "no"))
                .append(String.format(Locale.ROOT, "| ConcurrentHashMap (baseline) | %.1f | 1.00x | | |%n", baseline))
                .append('\n');
    }

    private static void appendDirectoryLatency(StringBuilder out, Map<String, double[]> latency) {
        double[] directory = latency.get("directory");
        double[] curator = latency.get("curator");
        if (directory == null || curator == null) {
            return;
        }
        boolean met = directory[0] / curator[0] <= 1.5 && directory[1] / curator[1] <= 1.5;
        out.append("## Directory: from register in one JVM to the event in another (")
                .append(DirectoryLatency.ROUNDS).append(" registrations, 3-server loopback ensemble)\n\n")
                .append("| path | p50 (µs) | p99 (µs) | target | met |\n|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| ZooKeeperDirectory: register -> EndpointAdded | %.0f (%.2fx) | %.0f (%.2fx) | within 1.5x | %s |%n",
                        directory[0], directory[0] / curator[0], directory[1], directory[1] / curator[1], met ? "yes" : "no"))
                .append(String.format(Locale.ROOT, "| bare Curator discovery: registerService -> ServiceCache (baseline) | %.0f | %.0f | | |%n",
                        curator[0], curator[1]))
                .append('\n');
    }

    private static void appendRollingRestart(StringBuilder out, Map<String, double[]> latency) {
        double[] steady = latency.get("roll-steady");
        double[] during = latency.get("roll-during");
        double[] moved = latency.get("roll-moved");
        if (steady == null || during == null || moved == null) {
            return;
        }
        boolean met = during[1] / steady[1] <= 2;
        out.append("## Rolling restart: request latency while ").append(RollingRestartLatency.SERVERS)
                .append(" server JVMs are drained and replaced in turn (").append(RollingRestartLatency.CLIENTS)
                .append(" clients looping requestReply, grace 5 s, 3-server loopback ensemble)\n\n")
                .append("No request failed (the run stops otherwise). The baseline is the steady state of the same run, ")
                .append(RollingRestartLatency.STEADY_REPLIES).append(" replies before the roll.\n\n")
                .append("| path | p50 (µs) | p99 (µs) | target | met |\n|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| requestReply during the roll | %.0f (%.2fx) | %.0f (%.2fx) | p99 within 2x | %s |%n",
                        during[0], during[0] / steady[0], during[1], during[1] / steady[1], met ? "yes" : "no"))
                .append(String.format(Locale.ROOT, "| requestReply in the steady state (baseline) | %.0f | %.0f | | |%n",
                        steady[0], steady[1]))
                .append(String.format(Locale.ROOT, "%nFrom `drain` to the last of the drained server's clients connected "
                        + "elsewhere: median %.0f ms, longest %.0f ms (of %d drains).%n%n", moved[0], moved[1],
                        RollingRestartLatency.SERVERS));
    }

    /** "yes" or "no", and "noisy" where either error is above {@link #NOISY} of its score. */
    private static String verdict(boolean met, Row row, Row base) {
        boolean noisy = row.relativeError() > NOISY || base.relativeError() > NOISY;
        return (met ? "yes" : "no") + (noisy ? " (noisy)" : "");
    }

    /** The target ratio of issue 16 (and of the directory's and metrics' issues) for a throughput benchmark. */
    static double target(String name) {
        String method = name.substring(name.indexOf('.') + 1);
        return switch (method) {
            case "registerUnregister" -> 0.5;
            case "replaceTransport" -> 0.7;
            case "registerUnregisterMetered", "replaceTransportMetered" -> 0.9;
            case "endpoints" -> 0.8;
            default -> 0.95;
        };
    }

    private static Row find(List<Row> rows, String name, String mode, int threads, String params) {
        return rows.stream().filter(row -> row.name().equals(name) && row.mode().equals(mode) && row.threads() == threads
                && row.params().equals(params)).findFirst().orElse(null);
    }

    private static Row find(List<Row> rows, String name, String mode, int threads, String params, String source) {
        return rows.stream().filter(row -> row.source().equals(source)).filter(row -> row.name().equals(name)
                && row.mode().equals(mode) && row.threads() == threads && row.params().equals(params))
                .findFirst().orElse(null);
    }

    private static Map<String, Double> readHeap(Path path) throws IOException {
        Map<String, Double> heap = new LinkedHashMap<>();
        if (!Files.exists(path)) {
            return heap;
        }
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[0].equals("heap")) {
                heap.put(parts[1], Double.parseDouble(parts[2]));
            }
        }
        return heap;
    }

    /** The {@code latency <name> <p50 µs> <p99 µs>} lines, by name. */
    private static Map<String, double[]> readLatency(Path path) throws IOException {
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 4 && parts[0].equals("latency")) {
                byName.put(parts[1], new double[] {Double.parseDouble(parts[2]), Double.parseDouble(parts[3])});
            }
        }
        return byName;
    }

    /** One line of JMH's CSV output. */
    record Row(String name, String mode, int threads, double score, double error, String unit,
               Map<String, String> paramValues, String source) {

        boolean isBaseline() {
            return name.endsWith("Baseline");
        }

        String baselineName() {
            return name + "Baseline";
        }

        /** The benchmark's name without a secondary result's suffix ({@code :registryNanos}). */
        String pairedName() {
            int colon = name.indexOf(':');
            return colon < 0 ? name : name.substring(0, colon);
        }

        /** {@code Class.method} of {@link #pairedName()}. */
        String shortPairedName() {
            String[] parts = pairedName().split("\\.");
            return parts[parts.length - 2] + "." + parts[parts.length - 1];
        }

        String params() {
            List<String> parts = new ArrayList<>();
            paramValues.forEach((key, value) -> parts.add(key + "=" + value));
            return parts.isEmpty() ? "-" : String.join(", ", parts);
        }

        double relativeError() {
            return Double.isNaN(error) ? 0 : error / score;
        }

        String scoreText() {
            return String.format(Locale.ROOT, "%.3f ± %.3f %s", score, Double.isNaN(error) ? 0 : error, unit);
        }
    }

    /** Reads JMH's {@code -rf csv} format: quoted fields, one header line, params as trailing columns. */
    static final class JmhCsv {

        private JmhCsv() {
        }

        static List<Row> read(Path path) throws IOException {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            List<String> header = split(lines.get(0));
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 7; i < header.size() && i < cells.size(); i++) {
                    if (!cells.get(i).isEmpty()) {
                        params.put(header.get(i).replace("Param: ", ""), cells.get(i));
                    }
                }
                rows.add(new Row(cells.get(0).replace("\u00b7", ""), cells.get(1), Integer.parseInt(cells.get(2)),
                        Double.parseDouble(cells.get(4)), parseOrNaN(cells.get(5)), cells.get(6), params,
                        path.getFileName().toString()));
            }
            return rows;
        }

        private static double parseOrNaN(String text) {
            return text.isEmpty() || text.equals("NaN") ? Double.NaN : Double.parseDouble(text);
        }

        private static List<String> split(String line) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (char c : line.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            return cells;
        }
    }
}
