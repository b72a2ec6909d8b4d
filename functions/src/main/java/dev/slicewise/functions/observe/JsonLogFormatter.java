package dev.slicewise.functions.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line, with the MDC fields Powertools sets (function_request_id, cold_start, …) at the top
 * level, so CloudWatch Logs Insights can filter on them. (Quarkus's own JSON console formatter, quarkus-logging-json,
 * does not resolve from the reachable repository at 3.34.2; this is the few lines it would have provided.) The line is
 * written with jackson-core's streaming generator, not an ObjectMapper: the formatter is installed before the first
 * line of every cold start, and a flat object of strings needs no data binding (Jackson's map serialisation costs
 * start-up classes on that line).
 */
public final class JsonLogFormatter extends Formatter {
    /** jackson-core's streaming writer: the parser side is loaded for every event anyway; no data binding needed. */
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(LogRecord record) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", timestamp(record.getMillis()));
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
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                // null for a record without a logger name or message
                g.writeStringField(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    /**
     * The same text as {@code Instant.ofEpochMilli(millis).toString()} (ISO-8601 in UTC, milliseconds when not zero),
     * written from the date's and time's fields: {@code Instant.toString} goes through {@code DateTimeFormatter},
     * whose first use builds the JDK's standard formatters — start-up work for the first line of every cold start.
     */
    static String timestamp(long millis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(24).append(t.toLocalDate()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        int ms = (int) Math.floorMod(millis, 1000);
        if (ms != 0) b.append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
        return b.append('Z').toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
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
