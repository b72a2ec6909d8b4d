package dev.slicewise.functions.observe;

import java.io.PrintWriter;
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
 * written by hand, not with Jackson: the formatter is installed before the first line of every cold start, and a flat
 * object of strings needs no data binding (Jackson's map serialisation costs start-up classes on that line).
 */
public final class JsonLogFormatter extends Formatter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
        StringBuilder b = new StringBuilder(256).append('{');
        m.forEach((k, v) -> {
            if (b.length() > 1) b.append(',');
            string(b, k).append(':');
            if (v == null) b.append("null"); // a record without a logger name or message
            else string(b, v.toString());
        });
        return b.append("}\n").toString();
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped, everything else as is. */
    static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    else b.append(c);
                }
            }
        }
        return b.append('"');
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
