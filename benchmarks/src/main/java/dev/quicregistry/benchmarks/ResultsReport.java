package dev.quicregistry.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH CSV result (plus the heap lines of {@link HeapPerConnection}) into
 * {@code RESULTS.md}: each benchmark beside its baseline from the same run, and the ratio.
 * A baseline is the method of the same name with the suffix {@code Baseline}.
 *
 * <p>Usage: {@code ResultsReport <RESULTS.md> <machine description> <heap.txt> <latency.txt> <jmh.csv>...}
 * (the latency lines are {@link DirectoryLatency}'s)
 */
public final class ResultsReport {

    private ResultsReport() {
    }

    /** Reads the results, writes the report. */
    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            throw new IllegalArgumentException("usage: ResultsReport <RESULTS.md> <machine> <heap.txt> <latency.txt> <jmh.csv>...");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            rows.addAll(JmhCsv.read(Path.of(args[i])));
        }
        Map<String, Double> heap = readHeap(Path.of(args[2]));
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark results\n\n")
                .append("Written by `benchmarks/run`; every ratio compares two measurements of the same run.\n\n")
                .append("- Machine: ").append(args[1]).append('\n')
                .append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n')
                .append("- Mode: throughput in ops/µs (higher is better) unless the unit says otherwise; ")
                .append("± is JMH's 99.9% error.\n\n");
        appendThroughput(out, rows);
        appendContainerStart(out, rows);
        appendHeap(out, heap);
        appendLatency(out, Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8));
        Files.writeString(Path.of(args[0]), out.toString(), StandardCharsets.UTF_8);
    }

    private static void appendThroughput(StringBuilder out, List<Row> rows) {
        out.append("## Registry operations against ConcurrentHashMap\n\n")
                .append("| benchmark | threads | params | registry | baseline | ratio | target |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            if (row.isBaseline() || !row.mode().equals("thrpt")) {
                continue;
            }
            Row base = find(rows, row.baselineName(), row.threads(), row.params());
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n",
                    row.shortName(), row.threads(), row.params(), row.scoreText(),
                    base == null ? "-" : base.scoreText(),
                    base == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.score() / base.score()),
                    target(row.shortName())));
        }
        out.append('\n');
    }

    private static void appendContainerStart(StringBuilder out, List<Row> rows) {
        List<Row> starts = rows.stream().filter(r -> r.mode().equals("ss") && !r.isBaseline()).toList();
        if (starts.isEmpty()) {
            return;
        }
        out.append("## Weld SE container start: @NamedQuicServer beans against the same beans without the qualifier\n\n")
                .append("| servers | with extension (ms) | without qualifier (ms) | added per server (ms) | target |\n")
                .append("|---|---|---|---|---|\n");
        for (Row row : starts) {
            Row base = find(rows, row.baselineName(), row.threads(), row.params());
            int servers = Integer.parseInt(row.paramValues().getOrDefault("servers", "1"));
            String perServer = base == null ? "-"
                    : String.format(Locale.ROOT, "%.3f", (row.score() - base.score()) / servers);
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | at most 1 ms, linear |%n",
                    servers, row.scoreText(), base == null ? "-" : base.scoreText(), perServer));
        }
        out.append('\n');
    }

    private static void appendHeap(StringBuilder out, Map<String, Double> heap) {
        if (heap.isEmpty()) {
            return;
        }
        Double registry = heap.get("connectionRegistry");
        Double baseline = heap.get("connectionRegistryBaseline");
        out.append("## Heap retained per registered connection (")
                .append(HeapPerConnection.ENTRIES).append(" entries, after GC)\n\n")
                .append("| structure | bytes per entry | ratio | target |\n|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| LocalConnectionRegistry | %.1f | %.2fx | at most 2x |%n",
                        registry, registry / baseline))
                .append(String.format(Locale.ROOT, "| ConcurrentHashMap (baseline) | %.1f | 1.00x | |%n", baseline))
                .append('\n');
    }

    private static void appendLatency(StringBuilder out, List<String> lines) {
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 4 && parts[0].equals("latency")) {
                byName.put(parts[1], new double[] {Double.parseDouble(parts[2]), Double.parseDouble(parts[3])});
            }
        }
        double[] directory = byName.get("directory");
        double[] curator = byName.get("curator");
        if (directory == null || curator == null) {
            return;
        }
        out.append("## Directory: from register in one JVM to the event in another (")
                .append(DirectoryLatency.ROUNDS).append(" registrations, 3-server loopback ensemble)\n\n")
                .append("| path | p50 (µs) | p99 (µs) | target |\n|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| ZooKeeperDirectory: register -> EndpointAdded | %.0f (%.2fx) | %.0f (%.2fx) | within 1.5x |%n",
                        directory[0], directory[0] / curator[0], directory[1], directory[1] / curator[1]))
                .append(String.format(Locale.ROOT, "| bare Curator discovery: registerService -> ServiceCache (baseline) | %.0f | %.0f | |%n",
                        curator[0], curator[1]))
                .append('\n');
    }

    private static String target(String name) {
        String method = name.substring(name.indexOf('.') + 1);
        return switch (method) {
            case "registerUnregister" -> "at least 0.3x";
            case "replaceTransport" -> "at least 0.5x";
            case "registerUnregisterMetered", "replaceTransportMetered" -> "at least 0.9x";
            default -> "at least 0.8x";
        };
    }

    private static Row find(List<Row> rows, String name, int threads, String params) {
        for (Row row : rows) {
            if (row.name().equals(name) && row.threads() == threads && row.params().equals(params)) {
                return row;
            }
        }
        return null;
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

    /** One line of JMH's CSV output. */
    record Row(String name, String mode, int threads, double score, double error, String unit,
               Map<String, String> paramValues) {

        boolean isBaseline() {
            return name.endsWith("Baseline");
        }

        String baselineName() {
            return name + "Baseline";
        }

        String shortName() {
            String[] parts = name.split("\\.");
            return parts[parts.length - 2] + "." + parts[parts.length - 1];
        }

        String params() {
            List<String> parts = new ArrayList<>();
            paramValues.forEach((key, value) -> parts.add(key + "=" + value));
            return parts.isEmpty() ? "-" : String.join(", ", parts);
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
                rows.add(new Row(cells.get(0), cells.get(1), Integer.parseInt(cells.get(2)),
                        Double.parseDouble(cells.get(4)), parseOrNaN(cells.get(5)), cells.get(6), params));
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
