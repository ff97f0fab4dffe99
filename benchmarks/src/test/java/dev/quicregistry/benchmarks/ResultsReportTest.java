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
    void eachBenchmarkIsReportedBesideItsBaselineOfTheSameThreadsAndParamsWithTheRatio() throws Exception {
        Path reads = dir.resolve("reads.csv");
        Files.writeString(reads, """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: size"
                "dev.quicregistry.benchmarks.ReadBenchmark.lookup","thrpt",2,5,90.000000,1.500000,"ops/us",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.lookupBaseline","thrpt",2,5,100.000000,2.000000,"ops/us",1024
                "dev.quicregistry.benchmarks.ReadBenchmark.lookupBaseline","thrpt",1,5,50.000000,2.000000,"ops/us",1024
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
        Files.writeString(latency, "latency directory 1200.0 9000.0\nlatency curator 1000.0 6000.0\n");
        Path report = dir.resolve("RESULTS.md");

        ResultsReport.main(new String[] {report.toString(), "test machine", heap.toString(), latency.toString(),
                reads.toString(), start.toString()});

        String text = Files.readString(report);
        assertThat(text).contains("- Machine: test machine");
        assertThat(text).contains("| ReadBenchmark.lookup | 2 | size=1024 | 90.000 ± 1.500 ops/us | 100.000 ± 2.000 ops/us | 0.90x | at least 0.8x |");
        assertThat(text).contains("| 1000 | 600.000 ± 0.000 ms/op | 100.000 ± 0.000 ms/op | 0.500 | at most 1 ms, linear |");
        assertThat(text).contains("| LocalConnectionRegistry | 60.0 | 1.20x | at most 2x |");
        assertThat(text).doesNotContain("| ReadBenchmark.lookupBaseline |");
        assertThat(text).contains("| ZooKeeperDirectory: register -> EndpointAdded | 1200 (1.20x) | 9000 (1.50x) | within 1.5x |");
    }
}
