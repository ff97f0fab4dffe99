package dev.quicregistry.benchmarks;

import dev.quicregistry.benchmarks.ResultsReport.Fork;
import dev.quicregistry.benchmarks.ResultsReport.JmhCsv;
import dev.quicregistry.benchmarks.ResultsReport.Row;
import dev.quicregistry.benchmarks.ResultsReport.Spread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares the {@link Paired} benchmarks of two builds measured in one run ({@code benchmarks/compare}):
 * for each, the ratio to its map baseline before and after, with the 95% intervals over the forks,
 * and whether the mean after lies within the interval before.
 *
 * <p>Usage: {@code PairedComparison <folder of the CSVs before> <folder of the CSVs after>}
 */
public final class PairedComparison {

    private PairedComparison() {
    }

    /** Prints the comparison as a Markdown table. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PairedComparison <folder of the CSVs before> <folder of the CSVs after>");
        }
        Map<String, List<Fork>> before = ResultsReport.pairedForks(rows(Path.of(args[0])));
        Map<String, List<Fork>> after = ResultsReport.pairedForks(rows(Path.of(args[1])));
        System.out.println("| benchmark | threads | params | before: ratio (95% interval), registry ns/op "
                + "| after: ratio (95% interval), registry ns/op | after within the interval before |");
        System.out.println("|---|---|---|---|---|---|");
        before.forEach((key, forksBefore) -> {
            List<Fork> forksAfter = after.get(key);
            if (forksAfter != null) {
                String[] parts = key.split("\\|");
                Spread was = Spread.of(forksBefore.stream().map(Fork::ratio).toList());
                Spread is = Spread.of(forksAfter.stream().map(Fork::ratio).toList());
                System.out.println(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |",
                        parts[0], parts[1], parts[2], text(was, forksBefore), text(is, forksAfter), verdict(was, is)));
            }
        });
        unmatched(before, after, "before");
        unmatched(after, before, "after");
    }

    /**
     * Whether the mean after lies within the 95% interval before: "yes", "no, below", "no, above";
     * "can't tell" where either side has fewer than two forks or no finite ratio.
     */
    static String verdict(Spread before, Spread after) {
        double[] interval = before.interval95();
        if (before.count() < 2 || after.count() < 2 || !Double.isFinite(after.mean())
                || !Double.isFinite(interval[0]) || !Double.isFinite(interval[1])) {
            return "can't tell";
        }
        return after.mean() < interval[0] ? "no, below" : after.mean() > interval[1] ? "no, above" : "yes";
    }

    /** Names the benchmarks measured on one side only (renamed, other parameters), so none drops out unseen. */
    private static void unmatched(Map<String, List<Fork>> side, Map<String, List<Fork>> other, String name) {
        side.keySet().stream().filter(key -> !other.containsKey(key))
                .forEach(key -> System.out.println("\nmeasured " + name + " only: " + key.replace('|', ' ')));
    }

    private static String text(Spread ratio, List<Fork> forks) {
        return String.format(Locale.ROOT, "%.2fx (%s, %d forks), %.1f", ratio.mean(), ratio.intervalText(), forks.size(),
                forks.stream().mapToDouble(Fork::registryNanosPerOperation).average().orElse(Double.NaN));
    }

    private static List<Row> rows(Path folder) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path csv : files.filter(file -> file.toString().endsWith(".csv")).sorted().toList()) {
                rows.addAll(JmhCsv.read(csv));
            }
        }
        return rows;
    }
}
