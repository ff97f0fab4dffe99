package dev.quicregistry.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/**
 * Keeps the log quiet: warnings and errors only, one line each. Weld logs through jboss-logging and
 * quic-registry through System.Logger, and both end in java.util.logging by default. A
 * {@code -Djava.util.logging.config.file=...} given on the command line wins.
 */
final class SampleLogging {

    private static final String CONFIGURATION = "logging.properties";

    private SampleLogging() {
    }

    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = SampleLogging.class.getResourceAsStream(CONFIGURATION)) {
            if (in == null) {
                throw new IllegalStateException(CONFIGURATION + " is missing next to " + SampleLogging.class.getName());
            }
            LogManager.getLogManager().readConfiguration(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + CONFIGURATION, e);
        }
    }
}
