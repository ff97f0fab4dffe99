package dev.quicregistry.samples;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the sample writes what a person reads: numbered steps and indented lines. Thread-safe (an
 * observer may print from the thread that changed the registry): each call writes whole lines.
 */
public final class Console {

    private final PrintStream out;
    private final AtomicInteger steps = new AtomicInteger();

    /** A console writing to {@code out}. */
    public Console(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out must not be null");
    }

    /** A heading for the whole run. */
    public void title(String text) {
        out.println(text);
        out.println("=".repeat(text.length()));
    }

    /** The heading of the next step, numbered. */
    public void step(String title) {
        out.println();
        out.println(steps.incrementAndGet() + ". " + title);
    }

    /** One indented line. */
    public void line(String text) {
        out.println("   " + text);
    }

    /** An empty line. */
    public void blank() {
        out.println();
    }
}
