package dev.quicregistry.osgitests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Records what the bundles log under {@code dev.quicregistry}. They log through System.Logger,
 * which the JDK backs with java.util.logging, one log manager for the whole JVM, so the records
 * of code inside Felix arrive here too.
 */
final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("dev.quicregistry");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogRecorder() {
        logger.addHandler(this);
    }

    /** The messages logged at SEVERE (System.Logger's ERROR) so far. */
    List<String> errors() {
        return records.stream().filter(record -> record.getLevel() == Level.SEVERE)
                .map(LogRecord::getMessage).collect(Collectors.toList());
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
    }
}
