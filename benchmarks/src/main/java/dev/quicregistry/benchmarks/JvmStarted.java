package dev.quicregistry.benchmarks;

/** The baseline of {@link SampleStart}: a JVM that prints one line and ends. */
public final class JvmStarted {

    static final String LINE = "started";

    private JvmStarted() {
    }

    public static void main(String[] args) {
        System.out.println(LINE);
    }
}
