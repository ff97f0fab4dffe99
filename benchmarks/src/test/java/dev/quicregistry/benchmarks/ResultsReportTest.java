package dev.quicregistry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {

    @TempDir
    Path dir;

    @Test
    void eachMeasurementIsReportedBesideItsBaselineWithTheRatioTheTargetAndWhetherItIsMet() throws Exception {
        Path reads = dir.resolve("reads.csv");
        Files.writeString(reads, """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: size"
                "dev.quicregistry.benchmarks.ReadBenchmark.lookup","thrpt",2,5,0.013000,0.001000,"ops/us",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.lookup:baselineNanos","thrpt",2,5,1000000.000000,NaN,"#",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.lookup:operations","thrpt",2,5,200000.000000,NaN,"#",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.lookup:registryNanos","thrpt",2,5,1250000.000000,NaN,"#",1024
                """);
        Path quic = dir.resolve("quic.csv");
        Files.writeString(quic, """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.latency","sample",1,1000,0.250000,0.010000,"ms/op"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.latency:p0.99","sample",1,1,0.600000,NaN,"ms/op"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.latencyBaseline","sample",1,1000,0.240000,0.010000,"ms/op"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.latencyBaseline:p0.99","sample",1,1,0.500000,NaN,"ms/op"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.requestReply:baselineNanos","thrpt",1,5,24000000.0,NaN,"#"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.requestReply:operations","thrpt",1,5,100.0,NaN,"#"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.requestReply:registryNanos","thrpt",1,5,25000000.0,NaN,"#"
                """);
        Path start = dir.resolve("start.csv");
        Files.writeString(start, """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: servers"
                "dev.quicregistry.benchmarks.ContainerStartBenchmark.start","ss",1,10,600.000000,NaN,"ms/op",1000
                "dev.quicregistry.benchmarks.ContainerStartBenchmark.startBaseline","ss",1,10,100.000000,NaN,"ms/op",1000
                """);
        Path heap = dir.resolve("heap.txt");
        Files.writeString(heap, "heap connectionRegistry 60.0\nheap connectionRegistryBaseline 50.0\n");
        Path latency = dir.resolve("latency.txt");
        Files.writeString(latency, """
                latency directory 1200.0 9000.0
                latency curator 1000.0 6000.0
                latency reconnect-replaced 13000.0 22000.0
                latency reconnect-first-reply 14000.0 24000.0
                latency bare-connected 13000.0 20000.0
                latency bare-first-reply 14000.0 25000.0
                latency sample-serving 2100000.0 2500000.0
                latency jvm-started 60000.0 70000.0
                """);
        Path report = dir.resolve("RESULTS.md");

        ResultsReport.main(new String[] {report.toString(), "test machine", "31 min", heap.toString(), latency.toString(),
                reads.toString(), quic.toString(), start.toString()});

        String text = Files.readString(report);
        assertThat(text).contains("- Machine: test machine").contains("- Run length: 31 min");
        assertThat(text).contains("| ReadBenchmark.lookup | 2 | size=1024 | 6.25 | 5.00 | 0.80x (0.80-0.80, 1 forks) "
                + "| - | at least 0.95x | can't tell |");
        assertThat(text).contains("| throughput | 4.000 ops/ms | 4.167 ops/ms | 0.96x (0.96-0.96, 1 forks; 95%: -) | at least 0.95x | can't tell |");
        assertThat(text).doesNotContain("| QuicRequestReplyBenchmark.requestReply |");
        assertThat(text).contains("| p99 latency | 0.600 ms/op | 0.500 ms/op | 1.20x | reported | |");
        assertThat(text).contains("| ReconnectingQuicClient: restart -> ConnectionReplaced | 13000 (1.00x) | 22000 (1.10x) | bare connect | 13000 | 20000 |");
        assertThat(text).contains("| 1000 | 600.000 ± 0.000 ms/op | 100.000 ± 0.000 ms/op | 0.500 | at most 1 ms | yes |");
        assertThat(text).contains("| 2100 | 2500 |").contains("| 60 | 70 |");
        assertThat(text).contains("| LocalConnectionRegistry | 60.0 | 1.20x | at most 2x | yes |");
        assertThat(text).contains("| ZooKeeperDirectory: register -> EndpointAdded | 1200 (1.20x) | 9000 (1.50x) | within 1.5x | yes |");
    }

    @Test
    void aPairedBenchmarkIsMetOnlyWhenTheIntervalOfItsForksMeanRatioClearsTheTarget() throws Exception {
        List<String> files = new ArrayList<>();
        double[][] forks = {{2000, 800, 3300}, {2000, 820, 3280}, {2000, 840, 3260}}; // registry nanos, then each benchmark's baseline
        for (int fork = 0; fork < forks.length; fork++) {
            Path file = dir.resolve("writes-r" + (fork + 1) + ".csv");
            Files.writeString(file, "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"\n"
                    + paired("WriteBenchmark.replaceTransport", forks[fork][0], forks[fork][1])
                    + paired("ReadBenchmark.current", forks[fork][0], forks[fork][2]));
            files.add(file.toString());
        }
        Path spread = dir.resolve("spread-r1.csv");
        Files.writeString(spread, "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"\n"
                + paired("ReadBenchmark.port", 2000, 1800));
        Path spreadAgain = dir.resolve("spread-r2.csv");
        Files.writeString(spreadAgain, "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"\n"
                + paired("ReadBenchmark.port", 2000, 2000));
        files.add(spread.toString());
        files.add(spreadAgain.toString());
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        Path report = dir.resolve("RESULTS.md");
        List<String> args = new ArrayList<>(List.of(report.toString(), "m", "1 min", empty.toString(), empty.toString()));
        args.addAll(files);

        ResultsReport.main(args.toArray(String[]::new));

        String text = Files.readString(report);
        // ratios 0.40, 0.41, 0.42: interval 0.41 +- 4.303 * 0.01 / sqrt(3), all of it below 0.7
        assertThat(text).contains("| WriteBenchmark.replaceTransport | 1 | - | 20.00 | 8.20 | 0.41x (0.40-0.42, 3 forks) "
                + "| 0.39-0.43 | at least 0.70x | no |");
        assertThat(text).contains("| ReadBenchmark.current | 1 | - | 20.00 | 32.80 | 1.64x (1.63-1.65, 3 forks) "
                + "| 1.62-1.66 | at least 0.95x | yes |");
        // ratios 0.90 and 1.00: the mean 0.95 meets the target, but two forks this far apart cannot tell
        assertThat(text).contains("| ReadBenchmark.port | 1 | - | 20.00 | 19.00 | 0.95x (0.90-1.00, 2 forks) "
                + "| 0.31-1.59 | at least 0.95x | can't tell |");
    }

    /** The three secondary rows of a {@link Paired} benchmark's fork: 100 operations a side. */
    private static String paired(String benchmark, double registryNanos, double baselineNanos) {
        String name = "\"dev.quicregistry.benchmarks." + benchmark;
        return name + ":baselineNanos\",\"thrpt\",1,5," + baselineNanos + ",NaN,\"#\"\n"
                + name + ":operations\",\"thrpt\",1,5,100.0,NaN,\"#\"\n"
                + name + ":registryNanos\",\"thrpt\",1,5," + registryNanos + ",NaN,\"#\"\n";
    }
}
