package dev.quicregistry.benchmarks;

import dev.quicregistry.cdi.QuicRegistryExtension;
import dev.quicregistry.testing.ScratchDirectory;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A Weld SE container start with {@code servers} {@code @NamedQuicServer} producers (each a UDP
 * server started on 127.0.0.1, port 0, and registered) beside the same start with the same
 * producers without the qualifier (nothing started). The extension is present in both, so the
 * difference is what it adds per server. Single-shot: each start is a new container.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ContainerStartBenchmark {

    @Param({"1", "100", "1000"})
    int servers;

    private ScratchDirectory sources;
    private Class<?> qualified;
    private Class<?> plain;
    private WeldContainer container;

    @Setup(Level.Trial)
    public void compileBeans() {
        for (String name : GeneratedBeans.names(servers)) {
            System.setProperty("quic.server." + name + ".host", "127.0.0.1");
            System.setProperty("quic.server." + name + ".port", "0");
        }
        sources = ScratchDirectory.create("quic-registry-beans");
        qualified = GeneratedBeans.producers(sources.path(), "Qualified" + servers, servers, true);
        plain = GeneratedBeans.producers(sources.path(), "Plain" + servers, servers, false);
    }

    @TearDown(Level.Trial)
    public void deleteBeans() {
        sources.close();
    }

    @Benchmark
    public WeldContainer start() {
        container = start(qualified);
        return container;
    }

    @Benchmark
    public WeldContainer startBaseline() {
        container = start(plain);
        return container;
    }

    @TearDown(Level.Invocation)
    public void stop() {
        if (container != null) {
            container.shutdown();
            container = null;
        }
    }

    private static WeldContainer start(Class<?> beans) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(beans.getClassLoader());
        try {
            return new Weld()
                    .disableDiscovery()
                    .setClassLoader(beans.getClassLoader())
                    .addExtension(new QuicRegistryExtension())
                    .addBeanClasses(beans)
                    .initialize();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
