package dev.slicewise.functions.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the log lines of the dev.slicewise loggers during a test. */
public final class LogCapture extends Handler implements AutoCloseable {
    public record Line(Level level, String logger, String message) {}

    public final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("dev.slicewise");

    public LogCapture() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
        String msg = r instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage();
        lines.add(new Line(r.getLevel(), r.getLoggerName(), msg));
    }

    public List<Line> errors() {
        return lines.stream().filter(l -> l.level().intValue() >= Level.SEVERE.intValue()).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
