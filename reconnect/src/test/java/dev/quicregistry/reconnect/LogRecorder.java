package dev.quicregistry.reconnect;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what one class logs through System.Logger (whose default backend is java.util.logging),
 * at every level, DEBUG included, until closed. The reconnect module's tests do not see
 * test-support's LogCapture, so this is its small local counterpart, with levels.
 */
final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogRecorder(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Records what {@code type} logs (its logger is named after it). */
    static LogRecorder of(Class<?> type) {
        return new LogRecorder(Logger.getLogger(type.getName()));
    }

    /** The records logged at exactly {@code level} (System.Logger's DEBUG is FINE, ERROR is SEVERE). */
    List<LogRecord> at(Level level) {
        return records.stream().filter(record -> record.getLevel().equals(level)).toList();
    }

    /** The messages logged at exactly {@code level}. */
    List<String> messagesAt(Level level) {
        return at(level).stream().map(LogRecord::getMessage).toList();
    }

    /** The messages logged at WARNING. */
    List<String> warnings() {
        return messagesAt(Level.WARNING);
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
