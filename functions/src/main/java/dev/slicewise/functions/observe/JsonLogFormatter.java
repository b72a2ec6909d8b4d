package dev.slicewise.functions.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line, with the MDC fields Powertools sets (function_request_id, cold_start, …) at the top
 * level, so CloudWatch Logs Insights can filter on them. (Quarkus's own JSON console formatter, quarkus-logging-json,
 * does not resolve from the reachable repository at 3.34.2; this is the few lines it would have provided.)
 */
public final class JsonLogFormatter extends Formatter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        m.put("level", level(record.getLevel()));
        m.put("logger", record.getLoggerName());
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatMessage(record);
        m.put("message", message);
        if (record instanceof ExtLogRecord ext) {
            ext.getMdcCopy().forEach((k, v) -> {
                if (v != null) m.putIfAbsent(k, v);
            });
        }
        if (record.getThrown() != null) {
            StringWriter w = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(w));
            m.put("exception", w.toString());
        }
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            return "{\"level\":\"ERROR\",\"message\":\"unserialisable log record\"}\n";
        }
    }

    /** Lambda/Powertools level names. */
    static String level(Level l) {
        int v = l.intValue();
        if (v >= Level.SEVERE.intValue()) return "ERROR";
        if (v >= Level.WARNING.intValue()) return "WARN";
        if (v >= Level.INFO.intValue()) return "INFO";
        if (v >= Level.FINE.intValue()) return "DEBUG";
        return "TRACE";
    }
}
