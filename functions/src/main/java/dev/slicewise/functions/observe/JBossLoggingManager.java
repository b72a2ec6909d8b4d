package dev.slicewise.functions.observe;

import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Lets Powertools logging drive Quarkus's logging backend (JBoss LogManager). Powertools ships this bridge only for
 * log4j2 and logback; without one it prints an error at every cold start and ignores {@code POWERTOOLS_LOG_LEVEL}.
 * Registered through META-INF/services, as Powertools' own bridges are. (Implements an interface in a package named
 * {@code internal}: re-check on Powertools upgrades.)
 */
public final class JBossLoggingManager implements LoggingManager {

    @Override
    public void setLogLevel(org.slf4j.event.Level level) {
        Logger.getLogger("").setLevel(toJul(level));
    }

    @Override
    public org.slf4j.event.Level getLogLevel(org.slf4j.Logger logger) {
        Logger l = Logger.getLogger(logger.getName());
        while (l != null && l.getLevel() == null) l = l.getParent();
        return fromJul(l == null ? Level.INFO : l.getLevel());
    }

    static Level toJul(org.slf4j.event.Level level) {
        return switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINEST;
        };
    }

    static org.slf4j.event.Level fromJul(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return org.slf4j.event.Level.ERROR;
        if (v >= Level.WARNING.intValue()) return org.slf4j.event.Level.WARN;
        if (v >= Level.INFO.intValue()) return org.slf4j.event.Level.INFO;
        if (v >= Level.FINE.intValue()) return org.slf4j.event.Level.DEBUG;
        return org.slf4j.event.Level.TRACE;
    }
}
