package dev.quicregistry.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what is logged under a logger name through System.Logger, whose default backend is
 * java.util.logging: one log manager for the JVM, so code inside an OSGi framework logs here too.
 * It records every level while open. Close it to stop recording.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL); // DEBUG and INFO too, for the rules about what is not a WARNING; restored on close
        logger.addHandler(this);
    }

    /** Records what {@code type} logs (its logger is named after it). */
    public static LogCapture of(Class<?> type) {
        return under(type.getName());
    }

    /** Records what every logger under {@code name} (e.g. a package) logs. */
    public static LogCapture under(String name) {
        return new LogCapture(Logger.getLogger(name));
    }

    /** The messages logged at WARNING (System.Logger's WARNING) or above so far. */
    public List<String> warnings() {
        return messagesFrom(Level.WARNING);
    }

    /** The messages logged at SEVERE (System.Logger's ERROR) so far. */
    public List<String> errors() {
        return messagesFrom(Level.SEVERE);
    }

    /**
     * The records logged at exactly {@code level} so far, in java.util.logging's levels: System.Logger's
     * DEBUG is FINE, INFO is INFO, WARNING is WARNING, ERROR is SEVERE.
     */
    public List<LogRecord> at(Level level) {
        return records.stream().filter(record -> record.getLevel().equals(level)).toList();
    }

    /** The (unformatted) messages logged at exactly {@code level} so far. */
    public List<String> messagesAt(Level level) {
        return at(level).stream().map(LogRecord::getMessage).toList();
    }

    /**
     * Everything recorded at WARNING or above as one text: each record's formatted message and the
     * messages of its exception and that exception's causes and suppressed ones, a line each.
     */
    public String warningTexts() {
        StringBuilder text = new StringBuilder();
        Formatter formatter = new SimpleFormatter();
        for (LogRecord record : records) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                text.append(formatter.formatMessage(record)).append('\n');
                appendMessages(record.getThrown(), text);
            }
        }
        return text.toString();
    }

    /** The message of {@code thrown}, its causes and everything suppressed, a line each. */
    public static String messagesOf(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        appendMessages(thrown, text);
        return text.toString();
    }

    private static void appendMessages(Throwable thrown, StringBuilder text) {
        if (thrown == null) {
            return;
        }
        text.append(thrown).append('\n');
        for (Throwable suppressed : thrown.getSuppressed()) {
            appendMessages(suppressed, text);
        }
        if (thrown.getCause() != thrown) {
            appendMessages(thrown.getCause(), text);
        }
    }

    private List<String> messagesFrom(Level level) {
        return records.stream().filter(record -> record.getLevel().intValue() >= level.intValue())
                .map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
