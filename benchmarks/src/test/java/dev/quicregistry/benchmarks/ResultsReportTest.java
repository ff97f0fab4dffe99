package dev.quicregistry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
                "dev.quicregistry.benchmarks.ReadBenchmark.lookup","thrpt",2,5,90.000000,1.500000,"ops/us",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.lookupBaseline","thrpt",2,5,100.000000,2.000000,"ops/us",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.lookupBaseline","thrpt",1,5,50.000000,2.000000,"ops/us",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.current","thrpt",2,5,200.000000,30.000000,"ops/us",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.currentBaseline","thrpt",2,5,100.000000,2.000000,"ops/us",1024
                """);
        Path quic = dir.resolve("quic.csv");
        Files.writeString(quic, """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.requestReply","sample",1,1000,0.250000,0.010000,"ms/op"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.requestReply:p0.99","sample",1,1,0.600000,NaN,"ms/op"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.requestReplyBaseline","sample",1,1000,0.240000,0.010000,"ms/op"
                "dev.quicregistry.benchmarks.QuicRequestReplyBenchmark.requestReplyBaseline:p0.99","sample",1,1,0.500000,NaN,"ms/op"
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
        assertThat(text).contains("| ReadBenchmark.lookup | 2 | size=1024 | 90.000 ± 1.500 ops/us | 100.000 ± 2.000 ops/us | 0.90x | at least 0.95x | no |");
        assertThat(text).contains("| ReadBenchmark.current | 2 | size=1024 | 200.000 ± 30.000 ops/us | 100.000 ± 2.000 ops/us | 2.00x | at least 0.95x | yes (noisy) |");
        assertThat(text).doesNotContain("| ReadBenchmark.lookupBaseline |");
        assertThat(text).contains("| throughput | 4.000 ops/ms (mean 0.250 ± 0.010 ms/op) | 4.167 ops/ms (mean 0.240 ± 0.010 ms/op) | 0.96x | at least 0.95x | yes |");
        assertThat(text).contains("| p99 latency | 0.600 ms/op | 0.500 ms/op | 1.20x | reported | |");
        assertThat(text).contains("| ReconnectingQuicClient: restart -> ConnectionReplaced | 13000 (1.00x) | 22000 (1.10x) | bare connect | 13000 | 20000 |");
        assertThat(text).contains("| 1000 | 600.000 ± 0.000 ms/op | 100.000 ± 0.000 ms/op | 0.500 | at most 1 ms | yes |");
        assertThat(text).contains("| 2100 | 2500 |").contains("| 60 | 70 |");
        assertThat(text).contains("| LocalConnectionRegistry | 60.0 | 1.20x | at most 2x | yes |");
        assertThat(text).contains("| ZooKeeperDirectory: register -> EndpointAdded | 1200 (1.20x) | 9000 (1.50x) | within 1.5x | yes |");
    }

    @Test
    void aBenchmarkRunInRoundsIsReportedAsTheMeanOfItsRoundsWithTheRangeOfTheirRatios() throws Exception {
        String header = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"\n";
        Path first = dir.resolve("writes-r1.csv");
        Files.writeString(first, header + """
                "dev.quicregistry.benchmarks.WriteBenchmark.replaceTransport","thrpt",1,5,16.000000,1.000000,"ops/us"
                "dev.quicregistry.benchmarks.WriteBenchmark.replaceTransportBaseline","thrpt",1,5,40.000000,1.000000,"ops/us"
                """);
        Path second = dir.resolve("writes-r2.csv");
        Files.writeString(second, header + """
                "dev.quicregistry.benchmarks.WriteBenchmark.replaceTransport","thrpt",1,5,12.000000,1.000000,"ops/us"
                "dev.quicregistry.benchmarks.WriteBenchmark.replaceTransportBaseline","thrpt",1,5,30.000000,1.000000,"ops/us"
                """);
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        Path report = dir.resolve("RESULTS.md");

        ResultsReport.main(new String[] {report.toString(), "m", "1 min", empty.toString(), empty.toString(),
                first.toString(), second.toString()});

        assertThat(Files.readString(report)).contains("| WriteBenchmark.replaceTransport | 1 | - | 14.000 ± 2.000 ops/us "
                + "| 35.000 ± 5.000 ops/us | 0.40x (0.40-0.40) | at least 0.70x | no |");
    }
}
