package dev.quicregistry.samples.reconnect;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.util.Objects;

/** Where the sample's beans print: standard output unless the runner says otherwise (a test captures it). */
@ApplicationScoped
public class SampleConsole {

    private volatile PrintStream out = System.out;

    /** Prints one line. */
    public void println(String line) {
        out.println(line);
    }

    /** Prints from now on to {@code out}. */
    public void printTo(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out must not be null");
    }
}
